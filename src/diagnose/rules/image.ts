/**
 * "The image cannot be pulled: the tag does not exist / the registry wants credentials / the
 * node cannot reach the registry." Classifies the kubelet's pull error in the runtime's words.
 */
import {eventsForContainer, latestEvent} from '../events.js'
import {containerLabel, containerViews, podSubject, workloadRef, type ContainerView, type Rule} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'

const pullReasons = ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']

export type PullFailure = 'not-found' | 'unauthorized' | 'unreachable' | 'unknown'

/** Sorts a pull error into its cause, from containerd's and Docker Engine's wording. */
export function classifyPullError(message: string): PullFailure {
  if (/not found|manifest unknown|NotFound desc|name unknown|does not exist(?! or may require)/i.test(message) && !/may require|authoriz|401|403/i.test(message)) return 'not-found'
  if (/unauthorized|authentication required|401|403 Forbidden|denied|may require|insufficient_scope|authorization failed|no basic auth credentials/i.test(message)) return 'unauthorized'
  if (/dial tcp|i\/o timeout|connection refused|connection reset|no such host|server misbehaving|TLS handshake|x509|timeout|network is unreachable|EOF/i.test(message)) return 'unreachable'
  return 'unknown'
}

/** Which runtime wrote the message: docker's daemon prefix, containerd's unpack wording. */
export function runtimeWording(message: string): 'docker' | 'containerd' | undefined {
  if (/Error response from daemon/i.test(message)) return 'docker'
  if (/failed to pull and unpack|failed to resolve reference|containerd/i.test(message)) return 'containerd'
  return undefined
}

function registryOf(image: string): string {
  const first = image.split('/')[0]!
  return image.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'docker.io'
}

function pullFinding(snapshot: PodSnapshot, view: ContainerView): Finding | undefined {
  const waiting = view.status.state?.waiting
  if (!waiting?.reason || !pullReasons.includes(waiting.reason)) return undefined
  const pod = snapshot.pod
  const image = view.spec?.image ?? view.status.image ?? ''
  const label = containerLabel(view)
  const failedEvent = latestEvent(eventsForContainer(snapshot.events, view.status.name), ['Failed'], (m) => /^Failed to pull image|pull access denied|manifest unknown|Error response from daemon/i.test(m))
  const detail = failedEvent?.message ?? waiting.message ?? ''
  const evidence = [`${label} waiting: reason=${waiting.reason}${waiting.message ? ` message=${waiting.message}` : ''}`, `image: ${image}`]
  if (failedEvent?.message && failedEvent.message !== waiting.message) evidence.push(`event Warning Failed: ${failedEvent.message}`)
  const ns = pod.metadata.namespace ?? 'default'
  const subject = podSubject(pod)
  if (waiting.reason === 'InvalidImageName') {
    return {code: 'InvalidImageName', severity: 'critical', subject, summary: `${label} has an image reference that cannot be parsed: "${image}".`, evidence, remedy: ['Fix the image in the pod template: REGISTRY/REPOSITORY:TAG or @sha256:DIGEST, lower case, no spaces.']}
  }
  if (waiting.reason === 'ErrImageNeverPull') {
    return {
      code: 'ImageNeverPulled',
      severity: 'critical',
      subject,
      summary: `${label} uses imagePullPolicy: Never and the image "${image}" is not on the node.`,
      evidence,
      remedy: ['Pre-load the image on the node (ctr -n k8s.io images import / docker load), or change imagePullPolicy to IfNotPresent.'],
    }
  }
  return pullErrorFinding({snapshot, view, label, image, detail, evidence, ns, subject})
}

/** What a pull failure's finding is written from. */
interface FailedPull {
  snapshot: PodSnapshot
  view: ContainerView
  label: string
  image: string
  /** The runtime's words: the Failed event, else the waiting message. */
  detail: string
  evidence: string[]
  ns: string
  subject: string
}

/** A pull that failed: not found, refused, unreachable, or otherwise, as the runtime's message says. */
function pullErrorFinding({snapshot, view, label, image, detail, evidence, ns, subject}: FailedPull): Finding {
  const pod = snapshot.pod
  const cause = classifyPullError(detail)
  const wording = runtimeWording(detail)
  const via = wording ? ` (${wording === 'docker' ? 'Docker Engine' : 'containerd'} says so)` : ''
  const registry = registryOf(image)
  const secrets = [...(pod.spec.imagePullSecrets ?? []).map((s) => s.name), ...(snapshot.serviceAccountPullSecrets ?? [])]
  switch (cause) {
    case 'not-found':
      return {
        code: 'ImageNotFound',
        severity: 'critical',
        subject,
        summary: `${label} cannot start: the image "${image}" does not exist in the registry${via}.`,
        evidence,
        remedy: [
          'Check the repository name and the tag for typos; list the tags the registry has.',
          'Check that the tag was pushed for this node architecture (linux/amd64 vs arm64).',
          `kubectl set image ${workloadRef(snapshot.owners)} ${view.status.name}=${image.replace(/:[^:/]*$/, '')}:EXISTING_TAG -n ${ns}`,
        ],
      }
    case 'unauthorized':
      return {
        code: 'ImagePullUnauthorized',
        severity: 'critical',
        subject,
        summary: `${label} cannot start: the registry ${registry} refused to serve "${image}" without valid credentials${via}${/does not exist or may require/i.test(detail) ? ' (or the repository name is wrong: the registry answers both the same way)' : ''}.`,
        evidence: [...evidence, `imagePullSecrets (pod + service account): ${secrets.length ? secrets.join(', ') : '<none>'}`],
        remedy: [
          `kubectl create secret docker-registry regcred --docker-server=${registry} --docker-username=USER --docker-password=TOKEN -n ${ns}`,
          `Reference it from the pod template (imagePullSecrets: [{name: regcred}]) or the service account: kubectl patch serviceaccount ${pod.spec.serviceAccountName ?? 'default'} -n ${ns} -p '{"imagePullSecrets":[{"name":"regcred"}]}'`,
          'If a secret is already referenced, check that its server matches the image host and that the token has not expired (ACR/ECR tokens expire).',
        ],
      }
    case 'unreachable':
      return {
        code: 'RegistryUnreachable',
        severity: 'critical',
        subject,
        summary: `${label} cannot start: the node cannot reach the registry ${registry} to pull "${image}"${via}; this is a node network problem, not the manifest.`,
        evidence,
        remedy: [
          `From the node: curl -v https://${registry}/v2/ (DNS, proxy, egress firewall, NAT gateway).`,
          'Configure a registry mirror or proxy for the container runtime, or use a registry inside the VPC (e.g. ACR VPC endpoint on Alibaba Cloud).',
        ],
      }
    default:
      return {
        code: 'ImagePullFailed',
        severity: 'critical',
        subject,
        summary: `${label} cannot pull the image "${image}"${detail ? `: ${detail}` : ''}.`,
        evidence,
        remedy: ['kubectl describe pod shows every pull attempt; try the pull on the node: crictl pull ' + image],
      }
  }
}

function checkImages(snapshot: PodSnapshot): Finding[] {
  return containerViews(snapshot.pod)
    .map((view) => pullFinding(snapshot, view))
    .filter((f): f is Finding => f !== undefined)
}

export const imageRule: Rule<PodSnapshot> = {name: 'image', check: checkImages}
