/**
 * "The pod is stuck in ContainerCreating because its node's CNI plugin is not initialised."
 * Pod symptoms whose cause is on the node: the node is not ready, the sandbox (network) cannot
 * be created, volumes cannot be attached.
 */
import {latestEvent} from '../events.js'
import {nodeReady, podSubject, type Rule} from '../facts.js'
import type {Finding, PodSnapshot} from '../model.js'

function checkPodNode(snapshot: PodSnapshot): Finding[] {
  const pod = snapshot.pod
  const nodeName = pod.spec.nodeName
  if (!nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return []
  const findings: Finding[] = []
  const node = snapshot.node?.state === 'found' ? snapshot.node.value : undefined
  const ready = node ? nodeReady(node) : undefined
  if (node && ready && ready.status !== 'True') {
    findings.push({
      code: 'NodeNotReady',
      severity: 'critical',
      subject: podSubject(pod),
      summary: `The pod's node ${nodeName} is NotReady (${ready.reason ?? ready.status}): the pod cannot run properly until the node recovers.`,
      evidence: [`node ${nodeName} condition Ready=${ready.status} reason=${ready.reason ?? ''}: ${ready.message ?? ''}`],
      remedy: [`kubectl diagnose node ${nodeName}`],
    })
  }
  if (snapshot.node?.state === 'missing') {
    findings.push({
      code: 'NodeGone',
      severity: 'critical',
      subject: podSubject(pod),
      summary: `The pod is bound to node ${nodeName}, which no longer exists.`,
      evidence: [`spec.nodeName=${nodeName}; kubectl get node ${nodeName}: NotFound`],
      remedy: [`kubectl delete pod ${pod.metadata.name} -n ${pod.metadata.namespace ?? 'default'} --grace-period=0 --force  # its controller recreates it elsewhere`],
    })
  }
  const sandbox = latestEvent(snapshot.events, ['FailedCreatePodSandBox', 'NetworkNotReady'])
  const creating = (pod.status?.containerStatuses ?? []).some((s) => s.state?.waiting?.reason === 'ContainerCreating') || pod.status?.phase === 'Pending'
  if (sandbox && creating) {
    const message = sandbox.message ?? ''
    const cni = /cni|network plugin|NetworkPluginNotReady|failed to setup network|failed to set up sandbox container .* network/i.test(message)
    const noIps = /no IP addresses available|IP addresses? (are )?exhausted|failed to allocate for range|ipam|insufficient (vswitch )?ip/i.test(message)
    findings.push({
      code: cni ? 'PodNetworkSetupFailed' : 'SandboxCreationFailed',
      severity: 'critical',
      subject: podSubject(pod),
      summary: noIps
        ? `Stuck creating: the CNI on node ${nodeName} has run out of pod IP addresses, so the pod sandbox is never created.`
        : cni
        ? `Stuck creating: the node ${nodeName} cannot set up the pod network (CNI), so the pod sandbox is never created.`
        : `Stuck creating: the container runtime on ${nodeName} cannot create the pod sandbox.`,
      evidence: [`event Warning ${sandbox.reason ?? ''}: ${message}`],
      remedy: noIps
        ? [
            'Free or add pod IPs: on ACK (Terway) add vSwitches with free IPs to the node pool or use larger ones; with host-local IPAM, clear leaked leases under /var/lib/cni/networks on the node.',
            `kubectl get pods -A -o wide --field-selector spec.nodeName=${nodeName} | wc -l  # pods on the node vs the node's pod CIDR size`,
          ]
        : cni
        ? [`Check the CNI pods on ${nodeName}: kubectl get pods -n kube-system -o wide --field-selector spec.nodeName=${nodeName}`, 'On the node: ls /etc/cni/net.d and journalctl -u kubelet | grep -i cni', `kubectl diagnose node ${nodeName}`]
        : ['On the node: journalctl -u containerd (or docker) and crictl pods; check the pause image can be pulled.'],
    })
  }
  const attach = latestEvent(snapshot.events, ['FailedAttachVolume', 'FailedMount'], (m) => !/not found|couldn't find key/i.test(m))
  if (attach && pod.status?.phase === 'Pending') {
    findings.push({
      code: 'VolumeMountFailed',
      severity: 'critical',
      subject: podSubject(pod),
      summary: `Stuck creating: a volume cannot be ${attach.reason === 'FailedAttachVolume' ? 'attached to' : 'mounted on'} node ${nodeName}.`,
      evidence: [`event Warning ${attach.reason ?? ''}: ${attach.message ?? ''}`],
      remedy: [
        'Multi-Attach error: the volume is still attached to another node; wait for the old pod to stop or check kubectl get volumeattachment.',
        'Otherwise read the CSI driver logs (kubectl logs -n kube-system -l app=<csi-driver> -c csi-plugin).',
      ],
    })
  }
  return findings
}

export const podNodeRule: Rule<PodSnapshot> = {name: 'pod-node', check: checkPodNode}
