/**
 * "The container never started: the runtime says exec: "server": executable file not found in
 * $PATH." Start failures are told by the kubelet's Failed events and the waiting message, not by
 * an exit code: when the status holds no terminated record, nothing here claims one.
 */
import {describeEvent, eventsForContainer, latestEvent} from '../events.js'
import {containerLabel, containerViews, podSubject, type ContainerView, type Rule, type RuleContext} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'
import type {ContainerStateTerminated, KubeEvent} from '../objects.js'

export type StartFailure = 'mount-type' | 'exec-format' | 'permission-denied' | 'interpreter-missing' | 'command-not-found' | 'runtime'

/** Waiting reasons the kubelet sets when the runtime could not create or start the container. */
const startReasons = new Set(['RunContainerError', 'CreateContainerError', 'StartError', 'ContainerCannotRun', 'PreStartHookError', 'PostStartHookError'])

/** Terminated reasons that mean the process never ran (containerd: StartError; docker: ContainerCannotRun). */
const neverRan = new Set(['StartError', 'ContainerCannotRun'])

/** Runtime wordings of a failed create/start (containerd, docker/cri-dockerd, cri-o, runc, crun, and runc's own log line). */
const runtimeWords = /OCI runtime|failed to (create|start) (shim task|containerd task|container|task)|container create failed|(starting|start) container process|exec (user|container) process|error during container init|container init caused|executable file (?:\S+ )?not found|exec format error|Error response from daemon: (?!manifest|pull)/i

/**
 * The runtime looked the command up and found it, then execve(2) failed with ENOENT: the file is
 * there, the interpreter its #! line names or the dynamic loader of the binary is not. runc words
 * it `exec /path: no such file or directory` (1.1+, on the container's stderr) or `exec user
 * process caused "no such file or directory"` (before 1.1); crun `exec container process (missing
 * dynamic library?) `/path`: No such file or directory`.
 */
const interpreterMissingWords = /exec container process \(missing dynamic library\?\)|exec user process caused:? \\*"?no such file or directory|(?:^|\s)exec \/?[^\s:"]+: no such file or directory/i

/** The lookup itself failed: runc's `executable file not found in $PATH` or `exec: "x": stat x: no such file ...`, crun's ``executable file `x` not found``. */
const commandNotFoundWords = /executable file (?:\S+ )?not found|exec: \\*"[^"\\]*\\*": stat [^:]*: no such file or directory/i

/** Sorts a runtime start error into its cause; the order matters (a mount error can say "no such file"). */
export function classifyStartError(message: string): StartFailure | undefined {
  if (!message) return undefined
  if (/not a directory|mount a directory onto a file|error mounting|rootfs_linux\.go:\d+: mounting|mount through procfd/i.test(message)) return 'mount-type'
  if (/exec format error/i.test(message)) return 'exec-format'
  if (/permission denied/i.test(message) && /exec|starting container process|container init/i.test(message)) return 'permission-denied'
  if (interpreterMissingWords.test(message)) return 'interpreter-missing'
  if (commandNotFoundWords.test(message)) return 'command-not-found'
  // Any other failure (a missing working directory, device or hook file among them) is said in the runtime's words.
  if (runtimeWords.test(message)) return 'runtime'
  return undefined
}

export interface StartEvidence {
  cause: StartFailure
  /** The runtime's own words that name the cause. */
  message: string
  evidence: string[]
  /** The terminated record, when the status has one (else the exit code is unknown). */
  terminated?: ContainerStateTerminated | undefined
}

function failedEvent(events: readonly KubeEvent[], container: string): KubeEvent | undefined {
  return latestEvent(eventsForContainer(events, container), ['Failed'], (m) => runtimeWords.test(m) && !/Failed to pull image|ErrImagePull/i.test(m))
}

function logLine(snapshot: PodSnapshot, container: string): string | undefined {
  const tail = snapshot.logs.find((l) => l.container === container && l.previous) ?? snapshot.logs.find((l) => l.container === container)
  const lines = (tail?.lines ?? []).filter((l) => l.trim() !== '')
  // runc before 1.1 wrote the exec failure into the container log, the only line there is.
  return lines.length <= 3 ? lines.find((l) => /exec user process caused|^exec .*: (exec format error|no such file or directory|permission denied)/i.test(l)) : undefined
}

/** What the pod shows about a container that could not start: waiting message, terminated record, Failed events, the runtime's log line. */
export function startFailure(snapshot: PodSnapshot, view: ContainerView, now: number): StartEvidence | undefined {
  const {status} = view
  // A container running and ready now started fine: old Failed events are history.
  if (status.state?.running && status.ready) return undefined
  const label = containerLabel(view)
  const waiting = status.state?.waiting
  const terminated = status.lastState?.terminated ?? status.state?.terminated
  const recordNeverRan = terminated !== undefined && neverRan.has(terminated.reason ?? '')
  const event = failedEvent(snapshot.events, status.name)
  const line = logLine(snapshot, status.name)
  const candidates = [startReasons.has(waiting?.reason ?? '') ? waiting?.message : undefined, recordNeverRan ? terminated?.message : undefined, event?.message, line]
  const message = candidates.find((m): m is string => classifyStartError(m ?? '') !== undefined)
  if (!message && !startReasons.has(waiting?.reason ?? '') && !recordNeverRan) return undefined
  const cause = classifyStartError(message ?? '') ?? 'runtime'
  const evidence: string[] = []
  if (waiting?.reason) evidence.push(`${label} waiting: reason=${waiting.reason}${waiting.message ? ` message=${waiting.message}` : ''}`)
  if (terminated) evidence.push(`${label} last terminated: exitCode=${terminated.exitCode}${terminated.reason ? ` reason=${terminated.reason}` : ''}${terminated.message ? ` message=${terminated.message.trim()}` : ''}`)
  else evidence.push(`${label} has no terminated record (lastState is empty): its exit code is unknown, the runtime's message below is the evidence`)
  if (event) evidence.push(describeEvent(event, now))
  if (line && line === message) evidence.push(`log: ${line}`)
  evidence.push(`restartCount=${status.restartCount}`)
  return {cause, message: message ?? waiting?.message ?? terminated?.message ?? '', evidence, terminated}
}

/** `/usr/local/airflow/airflow.cfg` from `... at "/app/x": ...` or `... merged/usr/local/airflow/airflow.cfg ...`. */
export function mountTarget(message: string): string | undefined {
  const quoted = /rootfs at "([^"]+)"/.exec(message)?.[1]
  if (quoted) return quoted
  const merged = /merged(\/[^\\"\s]+)\\*"? caused/.exec(message)?.[1]
  return merged
}

interface Explained {
  code: string
  summary: string
  remedy: string[]
  evidence: string[]
}

function commandText(view: ContainerView): string {
  return (view.spec?.command ?? []).concat(view.spec?.args ?? []).join(' ')
}

function nodeArch(snapshot: PodSnapshot): string | undefined {
  const node = snapshot.node?.state === 'found' ? snapshot.node.value : undefined
  return node?.metadata.labels?.['kubernetes.io/arch'] ?? node?.status?.nodeInfo?.architecture
}

/** What each explanation reads: the container, its image and command, the runtime's words. */
interface StartContext {
  snapshot: PodSnapshot
  view: ContainerView
  found: StartEvidence
  label: string
  image: string
  command: string
  /** The runtime's message, shortened for a summary. */
  said: string
}

function commandEvidence({view, image}: StartContext): string[] {
  return [`command: ${JSON.stringify(view.spec?.command ?? null)} args: ${JSON.stringify(view.spec?.args ?? null)}`, `image: ${image}`]
}

function commandNotFound(c: StartContext): Explained {
  return {
    code: 'ContainerCommandNotFound',
    summary: `${c.label} cannot start: its command is not in the image (${c.command || 'the image entrypoint'}); the runtime says: ${c.said}`,
    evidence: commandEvidence(c),
    remedy: ['Fix command/args in the pod template, or the image ENTRYPOINT; check the binary path and PATH (e.g. after moving to a distroless or alpine base).', `Look inside the image: kubectl run debug --rm -it --image=${c.image} --command -- sh`],
  }
}

/** The file is there (the runtime found it), what it needs to run is not: the #! interpreter or the dynamic loader. */
function interpreterMissing(c: StartContext): Explained {
  // crun and runc 1.1+ name the file; runc before 1.1 does not.
  const named = /\(missing dynamic library\?\) [`']?([^`'\s]+)/i.exec(c.found.message)?.[1] ?? /(?:^|\s)exec (\/?[^\s:"]+): no such file/i.exec(c.found.message)?.[1]
  const file = named ?? (c.command.split(' ')[0] || undefined)
  return {
    code: 'ContainerInterpreterMissing',
    summary: `${c.label} cannot start: the runtime found ${file ?? 'its command'} but the kernel could not run it (no such file or directory): what it needs is missing from the image, either the interpreter its #! line names (a script saved with CRLF line endings names "/bin/sh\\r") or, for a binary, its dynamic loader (a glibc build on an alpine or distroless base); the runtime says: ${c.said}`,
    evidence: commandEvidence(c),
    remedy: [
      `Read the file's first line: kubectl run debug --rm -it --image=${c.image} --command -- head -c 64 ${file ?? 'ENTRYPOINT'}  # a \\r before the newline means CRLF`,
      'For a script: convert it to LF line endings (dos2unix, or *.sh text eol=lf in .gitattributes) and install the interpreter it names (bash is not in alpine).',
      'For a binary: build it static (CGO_ENABLED=0 for Go) or on the same libc as the runtime image.',
    ],
  }
}

function permissionDenied(c: StartContext): Explained {
  return {
    code: 'ContainerPermissionDenied',
    summary: `${c.label} cannot start: the runtime may not execute its command (permission denied): ${c.said}`,
    evidence: commandEvidence(c),
    remedy: ['Make the entrypoint executable in the image (chmod +x in the Dockerfile), and check it is not on a noexec volume mount.', 'Check securityContext.runAsUser/runAsGroup against the file owner and mode.'],
  }
}

function execFormat({snapshot, label, image}: StartContext): Explained {
  const arch = nodeArch(snapshot)
  const node = snapshot.pod.spec.nodeName ?? ''
  return {
    code: 'ContainerExecFormatError',
    summary: `${label} cannot start: exec format error — the image's binary is built for another CPU architecture than node ${node}${arch ? ` (${arch})` : ''}, or its script lacks a #! line.`,
    evidence: [`image: ${image}`, ...(arch ? [`node ${node} architecture: ${arch}`] : [])],
    remedy: [
      `Build and push the image for the node's platform (docker buildx build --platform linux/amd64,linux/arm64 ...) and check it: docker manifest inspect ${image}`,
      'Or pin the pod to nodes of the image\'s architecture: nodeSelector kubernetes.io/arch: amd64 (or arm64).',
    ],
  }
}

function mountTypeMismatch({view, found, label}: StartContext): Explained {
  const target = mountTarget(found.message)
  const mounts = view.spec?.volumeMounts ?? []
  const mount = mounts.find((m) => target !== undefined && (m.mountPath === target || target.endsWith(m.mountPath)))
  return {
    code: 'ContainerMountTypeMismatch',
    summary: `${label} cannot start: a volume is mounted over a path of the other type (a directory onto a file, or a file onto a directory)${target ? ` at ${target}` : ''}.`,
    evidence: (mount ? [mount] : mounts).map((m) => `volumeMount "${m.name}" mountPath=${m.mountPath}${m.subPath ? ` subPath=${m.subPath}` : ''}`),
    remedy: [
      'To put one ConfigMap/Secret key on a file path, mount it with subPath: KEY and a mountPath that is a file in the image; without subPath the mountPath becomes a directory.',
      'For hostPath volumes, check the path exists on the node with the expected type (set hostPath.type: File or Directory to fail early).',
    ],
  }
}

function startFailed({label, said}: StartContext): Explained {
  return {
    code: 'ContainerStartFailed',
    summary: `${label} cannot start: the container runtime failed to create or start it: ${said || 'no message'}`,
    evidence: [],
    remedy: ['Read the runtime message above; on the node: crictl ps -a and crictl inspect CONTAINER_ID.', 'Check securityContext (runAsUser, readOnlyRootFilesystem), mounts and lifecycle hooks.'],
  }
}

const explainers: Record<StartFailure, (context: StartContext) => Explained> = {
  'command-not-found': commandNotFound,
  'interpreter-missing': interpreterMissing,
  'permission-denied': permissionDenied,
  'exec-format': execFormat,
  'mount-type': mountTypeMismatch,
  'runtime': startFailed,
}

function explain(snapshot: PodSnapshot, view: ContainerView, found: StartEvidence): Explained {
  const said = found.message.length > 220 ? `${found.message.slice(0, 220)}…` : found.message
  const image = view.spec?.image ?? view.status.image ?? 'IMAGE'
  return explainers[found.cause]({snapshot, view, found, label: containerLabel(view), image, command: commandText(view), said})
}

function checkStart(snapshot: PodSnapshot, context: RuleContext): Finding[] {
  const findings: Finding[] = []
  for (const view of containerViews(snapshot.pod)) {
    const found = startFailure(snapshot, view, context.now)
    if (!found) continue
    const explained = explain(snapshot, view, found)
    findings.push({code: explained.code, severity: 'critical', subject: podSubject(snapshot.pod), summary: explained.summary, evidence: [...found.evidence, ...explained.evidence], remedy: explained.remedy})
  }
  return findings
}

export const startRule: Rule<PodSnapshot> = {name: 'start', check: checkStart}
