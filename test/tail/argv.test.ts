import {describe, expect, test} from 'vitest'
import {flagsGiven, normalizeTailArgv, type FlagSpec} from '../../src/tail/argv.js'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {configArgv, readTailConfig} from '../../src/tail/config.js'

/** The shape of kubectl tail's flags that matters to parsing (the command derives it from its oclif flags). */
const specs: FlagSpec[] = [
  {name: 'all-namespaces', char: 'A', kind: 'boolean'},
  {name: 'no-follow', kind: 'boolean'},
  {name: 'init-containers', kind: 'boolean', allowNo: true},
  {name: 'ephemeral-containers', kind: 'boolean', allowNo: true},
  {name: 'only-log-lines', kind: 'boolean'},
  {name: 'diff-container', char: 'd', kind: 'boolean'},
  {name: 'timestamps', char: 't', kind: 'value'},
  {name: 'color', kind: 'value'},
  {name: 'namespace', char: 'n', kind: 'value'},
  {name: 'server', char: 's', kind: 'value'},
  {name: 'since', kind: 'value'},
  {name: 'exclude', char: 'e', kind: 'value'},
  {name: 'container', char: 'c', kind: 'value'},
  {name: 'max-log-requests', kind: 'value'},
]
const parse = (...argv: string[]) => normalizeTailArgv(argv, specs)

describe("stern's flag forms, parsed as stern (pflag) parses them", () => {
  test('booleans: --flag, --flag=true|false and every strconv.ParseBool spelling; the value never becomes QUERY', () => {
    expect(parse('web', '--init-containers=false')).toEqual(['web', '--no-init-containers'])
    expect(parse('--ephemeral-containers=false', 'web')).toEqual(['--no-ephemeral-containers', 'web'])
    expect(parse('--no-follow=true')).toEqual(['--no-follow'])
    expect(parse('--no-follow=false')).toEqual([])
    expect(parse('--init-containers=T', '--only-log-lines=0', '-A=1')).toEqual(['--init-containers', '-A'.replace('-A', '--all-namespaces')])
    expect(() => parse('--no-follow=yes')).toThrow(/^--no-follow="yes" is not a boolean: use --no-follow, --no-follow=true or --no-follow=false$/)
  })
  test('a separate true or false after a boolean is an error showing the "=" form (stern would take it as QUERY)', () => {
    expect(() => parse('--init-containers', 'false')).toThrow(/^--init-containers takes its value after "=": use --init-containers=false \(a separate "false" would be the pod QUERY\)$/)
    expect(() => parse('web', '-A', 'true')).toThrow(/use --all-namespaces=true/)
    expect(() => parse('-dA', 'false')).toThrow(/use --diff-container=false/)
    expect(parse('--no-follow', 'web')).toEqual(['--no-follow', 'web'])
  })
  test('timestamps: -t and --timestamps mean default; --timestamps=short; a separate word stays the query, unless it is a format', () => {
    expect(parse('-t')).toEqual(['--timestamps=default'])
    expect(parse('--timestamps', 'web')).toEqual(['--timestamps=default', 'web'])
    expect(() => parse('--timestamps', 'short')).toThrow(/^--timestamps takes its format after "=": use --timestamps=short \(a separate "short" would be the pod QUERY\)$/)
    expect(() => parse('web', '-t', 'default')).toThrow(/use --timestamps=default/)
    expect(() => parse('-At', 'short')).toThrow(/use --timestamps=short/)
    expect(parse('--timestamps=short')).toEqual(['--timestamps=short'])
    expect(parse('-t=short')).toEqual(['--timestamps=short'])
    expect(parse('-At')).toEqual(['-A', '--timestamps=default'])
    expect(() => parse('--timestamps=long')).toThrow(/^--timestamps="long" is not a timestamp format/)
  })
  test('--color auto|always|never, with = or a space; kubekit --color and --no-color', () => {
    expect(parse('--color=never', 'web')).toEqual(['--color=never', 'web'])
    expect(parse('--color', 'always', 'web')).toEqual(['--color=always', 'web'])
    expect(parse('--color', 'web')).toEqual(['--color=always', 'web'])
    expect(parse('--no-color')).toEqual(['--color=never'])
    expect(() => parse('--color=sometimes')).toThrow(/^--color "sometimes" is not a colour mode: use auto, always or never$/)
  })
  test('-n repeated or comma-separated, in any form, becomes one --namespace', () => {
    expect(parse('-n', 'a', 'web', '-n', 'b')).toEqual(['--namespace=a,b', 'web'])
    expect(parse('--namespace=a,b', '-nc', '--namespace', 'a')).toEqual(['--namespace=a,b,c'])
  })
  test("-s is kubectl's --server: a duration after it is refused with the fix; a server address passes", () => {
    expect(() => parse('-s', '5m')).toThrow(/^-s is kubectl's --server here, not stern's --since: use --since 5m$/)
    expect(parse('-s', 'https://10.0.0.1:6443')).toEqual(['-s', 'https://10.0.0.1:6443'])
  })
  test('values of other flags are never rewritten (even when they look like flags)', () => {
    expect(parse('-e', '--color=x', '-c', '-t')).toEqual(['-e', '--color=x', '-c', '-t'])
    expect(parse('--', '--no-follow=yes')).toEqual(['--', '--no-follow=yes'])
  })
})

test('a config file gives defaults; flags on the command line win; unknown keys warn', () => {
  const warnings: string[] = []
  const argv = ['--timestamps=short', '-n', 'x']
  const tokens = configArgv(
    {timestamps: 'default', namespace: ['a', 'b'], 'no-follow': true, exclude: ['healthz', 'ready'], 'max-log-requests': 200, 'init-containers': false, bogus: 1},
    specs,
    flagsGiven(argv, specs),
    (t) => warnings.push(t),
  )
  expect(tokens).toEqual(['--no-follow=true', '--exclude=healthz', '--exclude=ready', '--max-log-requests=200', '--init-containers=false'])
  expect(parse(...tokens, ...argv)).toEqual(['--no-follow', '--exclude=healthz', '--exclude=ready', '--max-log-requests=200', '--no-init-containers', '--timestamps=short', '--namespace=x'])
  expect(warnings).toEqual(['warning: unknown option "bogus" in the tail config file, ignored\n'])
})

test('config settings leave the first word of the command line alone (even a pod QUERY named "short" or "false")', () => {
  const tokens = configArgv({timestamps: true, 'no-follow': true}, specs, new Set(), () => {})
  expect(parse(...tokens, 'short')).toEqual(['--timestamps=default', '--no-follow', 'short'])
  expect(parse(...tokens, 'false')).toEqual(['--timestamps=default', '--no-follow', 'false'])
})

test('the config file: read when there is one (a missing default file is no config), a missing named file or bad YAML is one error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubekit-tail-config-'))
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text)
    return join(dir, name)
  }
  expect(await readTailConfig({path: file('good.yaml', 'namespace: [shop]\ntimestamps: short\n'), explicit: false})).toEqual({namespace: ['shop'], timestamps: 'short'})
  expect(await readTailConfig({path: file('empty.yaml', ''), explicit: true})).toEqual({})
  expect(await readTailConfig({path: join(dir, 'none.yaml'), explicit: false})).toBeUndefined()
  await expect(readTailConfig({path: join(dir, 'none.yaml'), explicit: true})).rejects.toThrow(/^--config: cannot read .*none\.yaml/)
  await expect(readTailConfig({path: file('bad.yaml', 'a: [1\n'), explicit: true})).rejects.toThrow(/^--config: .*bad\.yaml is not YAML/)
  await expect(readTailConfig({path: file('list.yaml', '- a\n'), explicit: true})).rejects.toThrow('must be a map of flag names to values')
})
