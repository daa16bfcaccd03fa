// The fast path (dist/fast.js, src/fast) against oclif: the same argv gives the same stdout, stderr
// and exit code whether the launcher runs it without oclif or through oclif (KUBEKIT_FAST_PATH=0),
// and the fast parser either agrees with oclif's parser or declines.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Parser} from '@oclif/core'
import {beforeAll, describe, expect, it} from 'vitest'
import {COMMANDS} from '../../src/commands/index.js'
import {FastPathDeclined} from '../../src/cli/fallback.js'
import {oclifAnswersItself, resolveCommand} from '../../src/fast/main.js'
import {parseArgv, type ParseInput} from '../../src/fast/parse.js'
import {plainHelpOutput} from '../../src/fast/help.js'
import {binDir, run, versionCases} from '../helpers/run.js'

type Id = keyof typeof COMMANDS

function inputOf(id: Id): ParseInput {
  const command = COMMANDS[id] as unknown as {baseFlags: ParseInput['flags']; flags: ParseInput['flags']; args: ParseInput['args']; strict?: boolean}
  return {flags: {...command.baseFlags, ...command.flags}, args: command.args, strict: command.strict ?? true}
}

async function oclifParse(id: Id, argv: string[]) {
  const input = inputOf(id)
  return Parser.parse(argv, {flags: input.flags, args: input.args, strict: input.strict} as never) as Promise<{args: object; flags: object}>
}

async function fastParse(id: Id, argv: string[]) {
  try {
    return await parseArgv(argv, inputOf(id))
  } catch (error) {
    if (error instanceof FastPathDeclined) return 'declined' as const
    throw error
  }
}

describe('the fast parser agrees with oclif or declines', () => {
  const accepted: [Id, string[]][] = [
    ['diagnose', ['pod', 'web-1']],
    ['diagnose', ['pod/web-1', '-n', 'shop', '-o', 'json']],
    ['diagnose', ['pod', 'x', '--context=prod', '--request-timeout', '5s', '--tail', '5', '--no-logs']],
    ['diagnose', ['node', 'n1', '--v=6', '--as-group', 'a', '--as-group', 'b', '--disable-compression', '--debug']],
    ['diagnose', ['cluster', '--top', '3', '--exit-code', '--no-node-logs']],
    ['tail', ['web', '--no-follow', '-l', 'app=x', '--max-log-requests', '10']],
    ['tail', ['-E', 'sidecar', 'web']],
    ['tail', ['web', '--tail', '-1', '--since=1h', '-A', '--timestamps', 'short', '-i', 'error', '-i', 'warn']],
    ['capacity:plan', ['--services', '3', '--replicas', '2', '--cpu', '1', '--memory', '1Gi', '-o', 'json']],
    ['capacity:plan', ['--node', 'name=a,cpu=4,memory=16Gi', '--node', 'name=b,cpu=8,memory=32Gi', '--recommend']],
    ['capacity:show', ['--context', 'x']],
  ]
  it.each(accepted)('%s %j: same args and flags', async (id, argv) => {
    const fast = await fastParse(id, argv)
    expect(fast).not.toBe('declined')
    const oclif = await oclifParse(id, argv)
    const {args, flags} = fast as {args: object; flags: object}
    expect({args, flags}).toEqual({args: oclif.args, flags: oclif.flags})
  })

  const refused: [Id, string[]][] = [
    ['diagnose', []],
    ['diagnose', ['pod', 'x', '--bogus']],
    ['diagnose', ['pod', 'x', 'y', 'z']],
    ['diagnose', ['pod', 'x', '-o', 'xml']],
    ['diagnose', ['pod', 'x', '--tail', 'many']],
    ['diagnose', ['pod', 'x', '--tail', '5000']],
    ['diagnose', ['pod', 'x', '--context']],
    ['diagnose', ['pod', 'x', '--context', 'a', '--context', 'b']],
    ['diagnose', ['pod', 'x', '--context', '--debug']],
    ['capacity:plan', ['--services', 'abc']],
  ]
  it.each(refused)('%s %j: oclif fails, the fast parser declines', async (id, argv) => {
    await expect(oclifParse(id, argv)).rejects.toThrow()
    expect(await fastParse(id, argv)).toBe('declined')
  })
})

describe('what the fast path leaves to oclif', () => {
  it('declines forms it does not model even where oclif succeeds', async () => {
    expect(await fastParse('tail', ['--', 'web'])).toBe('declined')
  })

  it('resolves command ids as oclif does with a space separator', () => {
    expect(resolveCommand(['capacity', 'plan', '--services', '2'])).toEqual({id: 'capacity:plan', argv: ['--services', '2']})
    expect(resolveCommand(['diagnose', 'pod', 'x'])).toEqual({id: 'diagnose', argv: ['pod', 'x']})
    expect(resolveCommand(['capacity'])).toBeUndefined()
    expect(resolveCommand(['nosuch'])).toBeUndefined()
    expect(resolveCommand(['--version'])).toBeUndefined()
    expect(resolveCommand([])).toBeUndefined()
  })

  it('sees help flags before -- only', () => {
    expect(oclifAnswersItself(['diagnose', '-h'])).toBe(true)
    expect(oclifAnswersItself(['diagnose', 'pod', 'x', '--help'])).toBe(true)
    expect(oclifAnswersItself(['tail', '--', '--help'])).toBe(false)
  })

  it('serves stored help only when oclif would print plain 80-column text', () => {
    expect(plainHelpOutput({}, [], false)).toBe(true)
    expect(plainHelpOutput({FORCE_COLOR: '0', CI: 'true'}, [], false)).toBe(true)
    expect(plainHelpOutput({}, [], true)).toBe(false)
    expect(plainHelpOutput({OCLIF_COLUMNS: '120'}, [], false)).toBe(false)
    expect(plainHelpOutput({FORCE_COLOR: '1'}, [], false)).toBe(false)
    expect(plainHelpOutput({COLORTERM: 'truecolor'}, [], false)).toBe(false)
    expect(plainHelpOutput({CI: 'true'}, [], false)).toBe(false)
    expect(plainHelpOutput({}, ['--color'], false)).toBe(false)
  })
})

describe('the launchers answer the same with and without the fast path', () => {
  let env: NodeJS.ProcessEnv
  beforeAll(() => {
    const home = mkdtempSync(join(tmpdir(), 'kubekit-fast-'))
    const kubeconfig = join(home, 'config')
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: refused
clusters:
- name: refused
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: admin
  user: {token: very-secret-admin-token}
contexts:
- name: refused
  context: {cluster: refused, user: admin, namespace: shop}
`,
    )
    env = {HOME: home, KUBECONFIG: kubeconfig}
  })

  const cases: [string, string[]][] = [
    ['kubectl-diagnose', ['--help']],
    ['kubectl-diagnose', ['-h']],
    ['kubectl-diagnose', ['pod', 'x', '--help']],
    ['kubectl-tail', ['--help']],
    ['kubectl-capacity', ['--help']],
    ['kubectl-capacity', ['plan', '-h']],
    ['kubectl-dash', ['--help']],
    ['kubekit', ['--help']],
    ['kubekit', ['sandbox', 'start', '--help']],
    ['kubekit', ['diagnose', '--help']],
    ['kubekit', ['nosuch']],
    ['kubectl-capacity', []],
    ['kubectl-diagnose', []],
    ['kubectl-diagnose', ['pod', 'x', '--bogus']],
    ['kubectl-diagnose', ['pod', 'x', '-o', 'xml']],
    ['kubectl-diagnose', ['pod', 'x', '--tail', 'many']],
    ['kubectl-diagnose', ['pod', 'x', 'y', 'z']],
    ['kubectl-diagnose', ['widget', 'x']],
    ['kubectl-diagnose', ['pod', 'x', '--context', 'nosuch']],
    ['kubectl-diagnose', ['pod/x', '--request-timeout', '1s']],
    ['kubectl-tail', ['web', '--no-follow', '--request-timeout', '1s']],
    ['kubectl-tail', ['--bogus']],
    ['kubectl-capacity', ['plan', '--services', 'abc']],
    ['kubectl-capacity', ['plan', '--services', '3', '--replicas', '2', '--cpu', '1', '--memory', '1Gi']],
    ['kubectl-capacity', ['plan', '--services', '3', '--replicas', '2', '--cpu', '1', '--memory', '1Gi', '-o', 'json']],
    // Usage errors, help and --version: one answer whichever path runs the command.
    ['kubekit', ['help']],
    ['kubekit', ['help', 'diagnose']],
    ['kubekit', ['help', 'capacity', 'show']],
    ['kubectl-capacity', ['help', 'plan']],
    ['kubekit', ['help', 'nosuch']],
    ['kubekit', ['diagnoze', 'pod', 'x']],
    ['kubekit', ['--bogus']],
    ['kubectl-capacity', ['shwo']],
    ['kubekit', ['capacity', 'foo']],
    ['kubectl-diagnose', ['pod', 'x', '--tial', '5']],
    ['kubectl-diagnose', ['pod', 'x', '-o', 'jsn']],
    ['kubectl-diagnose', ['pod', 'x', '--context']],
    ['kubectl-capacity', ['show', '--sort']],
    ['kubekit', ['sandbox', 'fault', 'ad']],
    ['kubekit', ['options']],
    ['kubekit', ['options', '--help']],
    // kubectl-ctx and kubectl-ns have a path of their own, with no oclif one to compare with.
    ...versionCases.filter(([bin]) => bin !== 'kubectl-ctx' && bin !== 'kubectl-ns'),
  ]
  // Each case waits on two processes: several cases run at once (vitest's maxConcurrency).
  it.concurrent.for(cases)('%s %j', async ([bin, args], {expect}) => {
    const [fast, oclif] = await Promise.all([
      run(join(binDir, bin), args, env),
      run(join(binDir, bin), args, {...env, KUBEKIT_FAST_PATH: '0'}),
    ])
    expect(fast).toEqual(oclif)
  })
})
