import {describe, expect, it} from 'vitest'
import {extractGlobalOptions, parseCtxArgs, parseNsArgs} from '../../src/kubeconfig/args.js'

describe('kubectx grammar', () => {
  it.each([
    [[], false, {kind: 'list'}],
    [[], true, {kind: 'interactive-switch'}],
    [['prod'], false, {kind: 'switch', target: 'prod'}],
    [['-'], false, {kind: 'switch', target: '-'}],
    [['-c'], false, {kind: 'current'}],
    [['--current'], false, {kind: 'current'}],
    [['-u'], false, {kind: 'unset'}],
    [['--unset'], false, {kind: 'unset'}],
    [['-h'], false, {kind: 'help'}],
    [['--help'], false, {kind: 'help'}],
    [['-V'], false, {kind: 'version'}],
    [['new=old'], false, {kind: 'rename', newName: 'new', oldName: 'old'}],
    [['new=.'], false, {kind: 'rename', newName: 'new', oldName: '.'}],
    [['a=b=c'], false, {kind: 'rename', newName: 'a', oldName: 'b=c'}],
    [['=old'], false, {kind: 'switch', target: '=old'}],
    [['-d', 'a', 'b'], false, {kind: 'delete', names: ['a', 'b']}],
    [['-d'], true, {kind: 'interactive-delete'}],
    [['-d'], false, {kind: 'unsupported', message: "'-d' needs arguments"}],
    [['-x'], false, {kind: 'unsupported', message: "unsupported option '-x'; see 'kubectl ctx --help'"}],
    [['a', 'b'], false, {kind: 'unsupported', message: 'too many arguments'}],
    [['import'], false, {kind: 'switch', target: 'import'}],
    [['import', 'f.yaml'], false, {kind: 'import', file: 'f.yaml', name: undefined}],
    [['import', 'f.yaml', '--name', 'n'], false, {kind: 'import', file: 'f.yaml', name: 'n'}],
    [['import', '--name=n', 'f.yaml'], false, {kind: 'import', file: 'f.yaml', name: 'n'}],
    [['-s', 'prod'], false, {kind: 'shell', target: 'prod'}],
    [['--shell', 'prod'], false, {kind: 'shell', target: 'prod'}],
    [['--shell'], false, {kind: 'unsupported', message: "'--shell' requires a context name argument (or a terminal for interactive mode)"}],
    [['--shell', 'a', 'b'], false, {kind: 'unsupported', message: "'--shell' accepts at most one context name argument"}],
    [['--export', 'prod'], false, {kind: 'export', target: 'prod'}],
    [['--prompt'], false, {kind: 'prompt', shell: 'plain'}],
    [['--prompt', 'zsh'], false, {kind: 'prompt', shell: 'zsh'}],
    [['--prompt=bash'], false, {kind: 'prompt', shell: 'bash'}],
    [['--prompt', 'tcsh'], false, {kind: 'unsupported', message: "'--prompt' takes bash, zsh, fish or plain, not 'tcsh'"}],
    [['--completion', 'fish'], false, {kind: 'completion', shell: 'fish'}],
  ] as const)('%j (interactive: %s)', (argv, interactive, op) => {
    expect(parseCtxArgs(argv, interactive)).toEqual(op)
  })
})

describe('kubens grammar', () => {
  it.each([
    [[], false, {kind: 'list'}],
    [[], true, {kind: 'interactive-switch'}],
    [['kube-system'], false, {kind: 'switch', target: 'kube-system', force: false}],
    [['-'], false, {kind: 'switch', target: '-', force: false}],
    [['ns', '-f'], false, {kind: 'switch', target: 'ns', force: true}],
    [['--force', 'ns'], false, {kind: 'switch', target: 'ns', force: true}],
    [['-c'], false, {kind: 'current'}],
    [['-u'], false, {kind: 'unset'}],
    [['-V'], false, {kind: 'version'}],
    [['-z'], false, {kind: 'unsupported', message: 'unsupported option "-z"; see \'kubectl ns --help\''}],
    [['a', 'b'], false, {kind: 'unsupported', message: 'unsupported arguments ["a" "b"]; see \'kubectl ns --help\''}],
    [['--forse', 'x'], false, {kind: 'unsupported', message: 'unsupported arguments ["--forse" "x"] (did you mean "--force"?)'}],
    [['a', 'b', 'c'], false, {kind: 'unsupported', message: 'too many arguments'}],
  ] as const)('%j (interactive: %s)', (argv, interactive, op) => {
    expect(parseNsArgs(argv, interactive)).toEqual(op)
  })
})

describe('global options', () => {
  it('takes --kubeconfig and --no-color out of the line wherever they are', () => {
    expect(extractGlobalOptions(['--kubeconfig', 'k.yaml', 'prod', '--no-color'])).toEqual({
      args: ['prod'],
      options: {kubeconfig: 'k.yaml', colour: false},
    })
    expect(extractGlobalOptions(['--kubeconfig=k.yaml']).options.kubeconfig).toBe('k.yaml')
    expect(extractGlobalOptions(['--kubeconfig']).error).toMatch(/needs a file/)
  })
})

describe('kubectl global flags forwarded to the plugin', () => {
  it.each([
    [['--context=prod'], 'ctx', [], {context: 'prod'}],
    [['--context', 'prod', 'dev'], 'ctx', ['dev'], {context: 'prod'}],
    [['-v=6', 'dev'], 'ctx', ['dev'], {v: '6'}],
    [['-v', '6'], 'ctx', [], {v: '6'}],
    [['-v6'], 'ctx', [], {v: '6'}],
    [['--v=2', '-n', 'kube-system', 'a=b'], 'ctx', ['a=b'], {v: '2', namespace: 'kube-system'}],
    [['-s', 'prod'], 'ctx', ['-s', 'prod'], {}],
    [['-s', 'https://x', '-c'], 'ns', ['-c'], {server: 'https://x'}],
    [['--insecure-skip-tls-verify', 'web'], 'ns', ['web'], {'insecure-skip-tls-verify': 'true'}],
    [['--warnings-as-errors=false', '--request-timeout', '5s', 'web', '-f'], 'ns', ['web', '-f'], {'warnings-as-errors': 'false', 'request-timeout': '5s'}],
    [['--as-group', 'a', '--as-group=b', '--as', 'me'], 'ns', [], {'as-group': ['a', 'b'], as: 'me'}],
    [['--token=t', '--user', 'u', '--cluster', 'c', '--username=x', '--password=y', '--tls-server-name', 'n'], 'ns', [], {token: 't', user: 'u', cluster: 'c', username: 'x', password: 'y', 'tls-server-name': 'n'}],
    [['--cache-dir=/c', '--profile', 'cpu', '--profile-output=p', '--log-flush-frequency', '5s', '--vmodule=x=2', '--match-server-version', '--disable-compression'], 'ctx', [], {'cache-dir': '/c', profile: 'cpu', 'profile-output': 'p', 'log-flush-frequency': '5s', vmodule: 'x=2', 'match-server-version': 'true', 'disable-compression': 'true'}],
  ] as const)('%j (%s)', (argv, plugin, args, kubectl) => {
    const result = extractGlobalOptions(argv, plugin)
    expect(result.error).toBeUndefined()
    expect(result.args).toEqual(args)
    expect(result.options.kubectl ?? {}).toEqual(kubectl)
  })

  it('never reads a flag or its value as a NAME or NEW=OLD', () => {
    expect(parseCtxArgs(extractGlobalOptions(['--context=prod'], 'ctx').args, false)).toEqual({kind: 'list'})
    expect(parseCtxArgs(extractGlobalOptions(['-v=6'], 'ctx').args, false)).toEqual({kind: 'list'})
    expect(parseCtxArgs(extractGlobalOptions(['dev', '--context', 'prod'], 'ctx').args, false)).toEqual({kind: 'switch', target: 'dev'})
    expect(parseNsArgs(extractGlobalOptions(['web', '--context=prod', '-f'], 'ns').args, false)).toEqual({kind: 'switch', target: 'web', force: true})
  })

  it('says which flag lacks its value or has a bad one', () => {
    expect(extractGlobalOptions(['--context'], 'ctx').error).toBe('flag needs an argument: --context')
    expect(extractGlobalOptions(['dev', '-n'], 'ns').error).toBe("flag needs an argument: 'n' in -n")
    expect(extractGlobalOptions(['--insecure-skip-tls-verify=maybe'], 'ns').error).toBe('invalid argument "maybe" for "--insecure-skip-tls-verify" flag: use true or false')
  })
})
