// Container start failures told only by events and status messages, in the runtimes' own words
// (containerd/runc, docker/cri-dockerd, runc's old log line), as public issue threads show them.
import {describe, expect, it} from 'vitest'
import {crashRule} from '../../src/diagnose/rules/crash.js'
import {classifyStartError, mountTarget, startRule} from '../../src/diagnose/rules/start.js'
import {podRules} from '../../src/diagnose/rules/index.js'
import {runRules} from '../../src/diagnose/diagnose.js'
import {ago, container, context, event, MIN, node, pod, runningStatus, snapshot} from './fixtures.js'

const containerd = {
  notFound: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "server": executable file not found in $PATH: unknown',
  stat: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "./user": stat ./user: no such file or directory: unknown',
  permission: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/entrypoint.sh": permission denied: unknown',
  format: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "/bin/sh": exec format error: unknown',
  mount:
    'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error mounting "/var/lib/kubelet/pods/238fc24f/volume-subpaths/config/app/0" to rootfs at "/etc/nginx/nginx.conf": mount src=/var/lib/kubelet/pods/238fc24f/volume-subpaths/config/app/0, dst=/etc/nginx/nginx.conf, flags=MS_BIND|MS_REC: not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type',
}
/** execve(2) failed with ENOENT after the runtime found the file: its #! interpreter or dynamic loader is missing. */
const interpreter = {
  runc: 'exec /docker-entrypoint.sh: no such file or directory',
  runcOld: 'standard_init_linux.go:228: exec user process caused: no such file or directory',
  runcOldQuoted: 'standard_init_linux.go:190: exec user process caused "no such file or directory"',
  crun: 'Error: container create failed: exec container process (missing dynamic library?) `/app/.venv/bin/uvicorn`: No such file or directory',
}
const docker = {
  mount:
    'Error: failed to start container "base": Error response from daemon: OCI runtime create failed: container_linux.go:348: starting container process caused "process_linux.go:402: container init caused \\"rootfs_linux.go:58: mounting \\\\\\"/var/lib/kubelet/pods/fa95f1f5/volume-subpaths/airflow-config/base/2\\\\\\" to rootfs \\\\\\"/var/lib/docker/overlay2/79f7/merged\\\\\\" at \\\\\\"/var/lib/docker/overlay2/79f7/merged/usr/local/airflow/airflow.cfg\\\\\\" caused \\\\\\"not a directory\\\\\\"\\"": unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type',
  notFound: 'Error: failed to start container "hotel-reserv-user": Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "./user": stat ./user: no such file or directory: unknown',
}

/** CrashLoopBackOff with no lastState (what the kubelet shows after a restart of its own, or on old versions). */
const backingOff = (extra: {events?: ReturnType<typeof event>[]; waiting?: {reason: string; message?: string}} = {}) => {
  const p = pod({ready: false, statuses: [runningStatus({ready: false, started: false, restartCount: 6, state: {waiting: extra.waiting ?? {reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=app pod=checkout-7d4b9c8f6d-x2k4p_shop(3b24a428-fa6b-478e-a836-61faf58fd218)'}}})]})
  return snapshot(p, {events: extra.events ?? []})
}
const failed = (message: string) => event({reason: 'Failed', message: message.startsWith('Error:') ? message : `Error: ${message}`, fieldPath: 'spec.containers{app}', count: 6, firstAgo: 10 * MIN})

describe('classifyStartError', () => {
  it.each([
    [containerd.notFound, 'command-not-found'],
    ['Error: crun: executable file `server` not found in $PATH: No such file or directory: OCI runtime attempted to invoke a command that was not found', 'command-not-found'],
    ['Error: container create failed: container_linux.go:296: starting container process caused "exec: \\"mycommand\\": executable file not found in $PATH"', 'command-not-found'],
    [interpreter.runc, 'interpreter-missing'],
    [interpreter.runcOld, 'interpreter-missing'],
    [interpreter.runcOldQuoted, 'interpreter-missing'],
    [interpreter.crun, 'interpreter-missing'],
    // A missing file that is not the command (cri-o): the runtime's words, no claim about the command.
    ['Error: container create failed: stat /etc/secrets/token: no such file or directory', 'runtime'],
    ['failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: chdir to cwd ("/app") set in config.json failed: no such file or directory: unknown', 'runtime'],
    [containerd.stat, 'command-not-found'],
    [docker.notFound, 'command-not-found'],
    // docker before 20.10 nests the runc error in escaped quotes.
    ['failed to start container "app": Error response from daemon: OCI runtime create failed: container_linux.go:345: starting container process caused "exec: \\"./user\\": stat ./user: no such file or directory": unknown', 'command-not-found'],
    [containerd.permission, 'permission-denied'],
    [containerd.format, 'exec-format'],
    ['standard_init_linux.go:228: exec user process caused: exec format error', 'exec-format'],
    ['exec /bin/sh: exec format error', 'exec-format'],
    [containerd.mount, 'mount-type'],
    [docker.mount, 'mount-type'],
    ['Error response from daemon: OCI runtime create failed: container_linux.go:345: starting container process caused "process_linux.go:303: getting the final child\'s pid from pipe caused \\"EOF\\"": unknown', 'runtime'],
    ['back-off 5m0s restarting failed container=app', undefined],
  ])('%s', (message, cause) => {
    expect(classifyStartError(message)).toBe(cause)
  })

  it('finds the mount target in both runtimes\' wordings', () => {
    expect(mountTarget(containerd.mount)).toBe('/etc/nginx/nginx.conf')
    expect(mountTarget(docker.mount)).toBe('/usr/local/airflow/airflow.cfg')
  })
})

describe('start rule: the cause from events when lastState has no terminated record', () => {
  it('executable not found in $PATH, from the Failed event; no exit code is claimed', () => {
    const s = backingOff({events: [failed(containerd.notFound)]})
    s.pod.spec.containers![0]!.command = ['server']
    const findings = runRules(podRules, s, context)
    expect(findings.map((f) => f.code)).toEqual(['ContainerCommandNotFound'])
    const [f] = findings
    expect(f!.summary).toContain('its command is not in the image (server)')
    expect(f!.summary).not.toMatch(/exit code|exited successfully/)
    expect(f!.evidence).toContain('container "app" has no terminated record (lastState is empty): its exit code is unknown, the runtime\'s message below is the evidence')
    expect(f!.evidence.some((e) => e.startsWith('event Warning Failed') && e.includes('(x6 over 10m)'))).toBe(true)
  })

  it('RunContainerError waiting message: permission denied', () => {
    const [f] = startRule.check(backingOff({waiting: {reason: 'RunContainerError', message: containerd.permission}}), context)
    expect(f!.code).toBe('ContainerPermissionDenied')
    expect(f!.remedy[0]).toContain('chmod +x')
  })

  it('exec format error names the node architecture', () => {
    const s = backingOff({events: [failed(containerd.format)]})
    s.node = {state: 'found', value: node({name: 'worker-1', labels: {'kubernetes.io/arch': 'arm64'}})}
    const [f] = startRule.check(s, context)
    expect(f!.code).toBe('ContainerExecFormatError')
    expect(f!.summary).toContain('(arm64)')
    expect(f!.evidence).toContain('node worker-1 architecture: arm64')
  })

  it('exec format error from runc\'s old log line (docker era, exit code 1 recorded)', () => {
    const p = pod({ready: false, statuses: [runningStatus({ready: false, restartCount: 4, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 1, reason: 'Error', finishedAt: ago(MIN)}}})]})
    const s = snapshot(p, {logs: [{container: 'app', previous: true, lines: ['standard_init_linux.go:228: exec user process caused: exec format error']}]})
    const findings = runRules(podRules, s, context)
    expect(findings.map((f) => f.code)).toEqual(['ContainerExecFormatError'])
    expect(findings[0]!.evidence).toContain('container "app" last terminated: exitCode=1 reason=Error')
  })

  it('an entrypoint with CRLF line endings (runc 1.1+ log line, exit 255): the file is there, its interpreter is not', () => {
    const p = pod({ready: false, statuses: [runningStatus({ready: false, restartCount: 5, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 255, reason: 'Error', finishedAt: ago(MIN)}}})]})
    const findings = runRules(podRules, snapshot(p, {logs: [{container: 'app', previous: true, lines: [interpreter.runc]}]}), context)
    expect(findings.map((f) => f.code)).toEqual(['ContainerInterpreterMissing'])
    const [f] = findings
    expect(f!.summary).toContain('the runtime found /docker-entrypoint.sh but the kernel could not run it')
    expect(f!.summary).not.toContain('not in the image (')
    expect(f!.remedy[0]).toContain('head -c 64 /docker-entrypoint.sh')
  })

  it('crun names the missing dynamic library case in a Failed event', () => {
    const [f] = startRule.check(backingOff({events: [failed(interpreter.crun)]}), context)
    expect(f!.code).toBe('ContainerInterpreterMissing')
    expect(f!.summary).toContain('the runtime found /app/.venv/bin/uvicorn')
  })

  it('runc before 1.1 does not name the file: the command from the spec, or none claimed', () => {
    const s = backingOff({waiting: {reason: 'RunContainerError', message: interpreter.runcOld}})
    expect(startRule.check(s, context)[0]!.summary).toContain('the runtime found its command but')
    s.pod.spec.containers![0]!.command = ['./run.sh']
    expect(startRule.check(s, context)[0]!.summary).toContain('the runtime found ./run.sh but')
  })

  it('cri-o: a missing file that is not the command is told in the runtime\'s words', () => {
    const [f] = startRule.check(backingOff({events: [failed('Error: container create failed: stat /etc/secrets/token: no such file or directory')]}), context)
    expect(f!.code).toBe('ContainerStartFailed')
    expect(f!.summary).toContain('stat /etc/secrets/token: no such file or directory')
  })

  it('a ConfigMap key mounted without subPath onto a file: the volumeMount is named', () => {
    const s = backingOff({events: [failed(containerd.mount)]})
    s.pod.spec.containers![0] = container({volumeMounts: [{name: 'nginx-conf', mountPath: '/etc/nginx/nginx.conf'}]})
    const [f] = startRule.check(s, context)
    expect(f!.code).toBe('ContainerMountTypeMismatch')
    expect(f!.summary).toContain('at /etc/nginx/nginx.conf')
    expect(f!.evidence).toContain('volumeMount "nginx-conf" mountPath=/etc/nginx/nginx.conf')
  })

  it('StartError exit 128 (containerd records it): evidence shows the record', () => {
    const p = pod({ready: false, statuses: [runningStatus({ready: false, restartCount: 2, state: {waiting: {reason: 'CrashLoopBackOff'}}, lastState: {terminated: {exitCode: 128, reason: 'StartError', message: docker.notFound, finishedAt: ago(MIN)}}})]})
    const findings = runRules(podRules, snapshot(p), context)
    expect(findings.map((f) => f.code)).toEqual(['ContainerCommandNotFound'])
    expect(findings[0]!.evidence[1]).toMatch(/^container "app" last terminated: exitCode=128 reason=StartError/)
  })

  it('a container running and ready now is not blamed for old Failed events', () => {
    const p = pod({statuses: [runningStatus({restartCount: 1})]})
    expect(startRule.check(snapshot(p, {events: [failed(containerd.notFound)]}), context)).toEqual([])
  })
})

describe('CrashLoopBackOff with no terminated record and no runtime message', () => {
  it('says the exit code is unknown instead of inventing one', () => {
    const s = backingOff({events: [event({reason: 'BackOff', message: 'Back-off restarting failed container app in pod checkout-7d4b9c8f6d-x2k4p_shop(3b24a428)', fieldPath: 'spec.containers{app}', count: 40})]})
    const [f] = crashRule.check(s, context)
    expect(f!.code).toBe('CrashLoopBackOff')
    expect(f!.summary).toBe('container "app" is in CrashLoopBackOff (6 restart(s)), but the pod status keeps no record of how its last run ended, so the exit code and cause are unknown.')
    expect(f!.summary).not.toContain('successfully')
  })
})
