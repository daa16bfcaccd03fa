/**
 * "The container never started: the runtime says exec: "server": executable file not found in
 * $PATH." Start failures are told by the kubelet's Failed events and the waiting message, not by
 * an exit code: when the status holds no terminated record, nothing here claims one.
 */
import {describeEvent, eventsForContainer, latestEvent} from '../events.js'
import {containerLabel, containerViews, podSubject, type ContainerView, type Rule, type RuleContext} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'
import type {ContainerStateTerminated, KubeEvent} from '../objects.js'

export type StartFailure = 'mount-type' | 'exec-format' | 'permission-denied' | 'command-not-found' | 'runtime'

/** Waiting reasons the kubelet sets when the runtime could not create or start the container. */
const startReasons = new Set(['RunContainerError', 'CreateContainerError', 'StartError', 'ContainerCannotRun', 'PreStartHookError', 'PostStartHookError'])

/** Terminated reasons that mean the process never ran (containerd: StartError; docker: ContainerCannotRun). */
const neverRan = new Set(['StartError', 'ContainerCannotRun'])

/** Runtime wordings of a failed create/start (containerd, docker/cri-dockerd, runc, crun, and runc's own log line). */
const runtimeWords = /OCI runtime|failed to (create|start) (shim task|containerd task|container|task)|starting container process|exec user process caused|error during container init|container init caused|executable file not found|exec format error|Error response from daemon: (?!manifest|pull)/i

/** Sorts a runtime start error into its cause; the order matters (a mount error can say "no such file"). */
export function classifyStartError(message: string): StartFailure | undefined {
  if (!message) return undefined
  if (/not a directory|mount a directory onto a file|error mounting|rootfs_linux\.go:\d+: mounting|mount through procfd/i.test(message)) return 'mount-type'
  if (/exec format error/i.test(message)) return 'exec-format'
  if (/permission denied/i.test(message) && /exec|starting container process|container init/i.test(message)) return 'permission-denied'
  if (/executable file not found|exec: "[^"]*": stat [^:]*: no such file or directory|no such file or directory/i.test(message)) return 'command-not-found'
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

function explain(snapshot: PodSnapshot, view: ContainerView, found: StartEvidence): Explained {
  const label = containerLabel(view)
  const image = view.spec?.image ?? view.status.image ?? 'IMAGE'
  const command = commandText(view)
  const said = found.message.length > 220 ? `${found.message.slice(0, 220)}…` : found.message
  switch (found.cause) {
    case 'command-not-found':
      return {
        code: 'ContainerCommandNotFound',
        summary: `${label} cannot start: its command is not in the image (${command || 'the image entrypoint'}); the runtime says: ${said}`,
        evidence: [`command: ${JSON.stringify(view.spec?.command ?? null)} args: ${JSON.stringify(view.spec?.args ?? null)}`, `image: ${image}`],
        remedy: ['Fix command/args in the pod template, or the image ENTRYPOINT; check the binary path and PATH (e.g. after moving to a distroless or alpine base).', `Look inside the image: kubectl run debug --rm -it --image=${image} --command -- sh`],
      }
    case 'permission-denied':
      return {
        code: 'ContainerPermissionDenied',
        summary: `${label} cannot start: the runtime may not execute its command (permission denied): ${said}`,
        evidence: [`command: ${JSON.stringify(view.spec?.command ?? null)} args: ${JSON.stringify(view.spec?.args ?? null)}`, `image: ${image}`],
        remedy: ['Make the entrypoint executable in the image (chmod +x in the Dockerfile), and check it is not on a noexec volume mount.', 'Check securityContext.runAsUser/runAsGroup against the file owner and mode.'],
      }
    case 'exec-format': {
      const arch = nodeArch(snapshot)
      return {
        code: 'ContainerExecFormatError',
        summary: `${label} cannot start: exec format error — the image's binary is built for another CPU architecture than node ${snapshot.pod.spec.nodeName ?? ''}${arch ? ` (${arch})` : ''}, or its script lacks a #! line.`,
        evidence: [`image: ${image}`, ...(arch ? [`node ${snapshot.pod.spec.nodeName ?? ''} architecture: ${arch}`] : [])],
        remedy: [
          `Build and push the image for the node's platform (docker buildx build --platform linux/amd64,linux/arm64 ...) and check it: docker manifest inspect ${image}`,
          'Or pin the pod to nodes of the image\'s architecture: nodeSelector kubernetes.io/arch: amd64 (or arm64).',
        ],
      }
    }
    case 'mount-type': {
      const target = mountTarget(found.message)
      const mount = (view.spec?.volumeMounts ?? []).find((m) => target !== undefined && (m.mountPath === target || target.endsWith(m.mountPath)))
      return {
        code: 'ContainerMountTypeMismatch',
        summary: `${label} cannot start: a volume is mounted over a path of the other type (a directory onto a file, or a file onto a directory)${target ? ` at ${target}` : ''}.`,
        evidence: mount ? [`volumeMount "${mount.name}" mountPath=${mount.mountPath}${mount.subPath ? ` subPath=${mount.subPath}` : ''}`] : (view.spec?.volumeMounts ?? []).map((m) => `volumeMount "${m.name}" mountPath=${m.mountPath}${m.subPath ? ` subPath=${m.subPath}` : ''}`),
        remedy: [
          'To put one ConfigMap/Secret key on a file path, mount it with subPath: KEY and a mountPath that is a file in the image; without subPath the mountPath becomes a directory.',
          'For hostPath volumes, check the path exists on the node with the expected type (set hostPath.type: File or Directory to fail early).',
        ],
      }
    }
    default:
      return {
        code: 'ContainerStartFailed',
        summary: `${label} cannot start: the container runtime failed to create or start it: ${said || 'no message'}`,
        evidence: [],
        remedy: ['Read the runtime message above; on the node: crictl ps -a and crictl inspect CONTAINER_ID.', 'Check securityContext (runAsUser, readOnlyRootFilesystem), mounts and lifecycle hooks.'],
      }
  }
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
