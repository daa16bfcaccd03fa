/**
 * "NotReady: the container runtime says the CNI plugin is not initialised; check the CNI
 * DaemonSet on this node and /etc/cni/net.d." Reads the node's conditions, taints and
 * cordon, in the words of the kubelet and the node-lifecycle controller.
 */
import {age} from '../events.js'
import {condition, runtimeOf, type Rule, type RuleContext} from '../facts.js'
import type {Finding, NodeSnapshot} from '../model.js'
import type {Node} from '../objects.js'

/** Is the Ready message the runtime's "network not ready" (CNI not initialised)? */
export function isCniNotReady(message: string): boolean {
  return /NetworkReady=false|NetworkPluginNotReady|cni plugin not initialized|cni config uninitialized|network plugin is not ready/i.test(message)
}

function runtimeUnit(node: Node): string {
  const {runtime} = runtimeOf(node)
  return runtime === 'docker' ? 'docker' : runtime === 'cri-o' ? 'crio' : 'containerd'
}

function readiness(snapshot: NodeSnapshot, context: RuleContext): Finding | undefined {
  const node = snapshot.node
  const name = node.metadata.name
  const ready = condition(node.status?.conditions, 'Ready')
  const subject = `node/${name}`
  if (!ready) {
    return {code: 'NodeNotReady', severity: 'critical', subject, summary: 'The node has never reported a Ready condition: its kubelet has not registered properly.', evidence: ['status.conditions has no Ready condition'], remedy: ['On the node: systemctl status kubelet; journalctl -u kubelet -n 100']}
  }
  if (ready.status === 'True') return undefined
  const since = ready.lastTransitionTime ? ` for ${age(ready.lastTransitionTime, context.now)}` : ''
  const evidence = [`condition Ready=${ready.status} reason=${ready.reason ?? ''}${ready.lastTransitionTime ? ` since ${ready.lastTransitionTime}` : ''}: ${ready.message ?? ''}`]
  if (ready.lastHeartbeatTime) evidence.push(`last heartbeat: ${ready.lastHeartbeatTime} (${age(ready.lastHeartbeatTime, context.now)} ago)`)
  const unit = runtimeUnit(node)
  if (ready.status === 'Unknown') {
    return {
      code: 'KubeletStoppedPosting',
      severity: 'critical',
      subject,
      summary: `NotReady${since}: the kubelet stopped posting node status (the node is down, the kubelet stopped, or the node cannot reach the API server).`,
      evidence,
      remedy: [
        `Check the machine is up (cloud console / ping ${node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? 'the node IP'}).`,
        'On the node: systemctl status kubelet; journalctl -u kubelet -n 200 --no-pager (certificate expiry, API server unreachable, out of disk/memory).',
        `systemctl status ${unit}: the kubelet stalls when the container runtime hangs.`,
        'The node log query cannot help here: it goes through the kubelet that is not answering.',
      ],
    }
  }
  const message = ready.message ?? ''
  if (isCniNotReady(message)) {
    return {
      code: 'CniNotInitialized',
      severity: 'critical',
      subject,
      summary: `NotReady${since}: the container runtime reports the pod network is not ready (CNI plugin not initialised), so the kubelet will not start pods here.`,
      evidence,
      remedy: [
        `Check the CNI DaemonSet pod on this node (calico-node, cilium, flannel, terway on ACK): kubectl get pods -n kube-system -o wide --field-selector spec.nodeName=${name}`,
        'On the node: ls -l /etc/cni/net.d /opt/cni/bin  # a config file and the plugin binaries must exist',
        `On the node: journalctl -u kubelet -n 200 | grep -i cni; journalctl -u ${unit} -n 200`,
        'A fresh kubeadm cluster stays NotReady until a CNI add-on is applied (kubectl apply -f <your CNI manifest>).',
      ],
    }
  }
  if (/PLEG is not healthy/i.test(message)) {
    return {
      code: 'PlegNotHealthy',
      severity: 'critical',
      subject,
      summary: `NotReady${since}: the kubelet's pod lifecycle event generator is stuck (PLEG is not healthy), usually a slow or hung container runtime.`,
      evidence,
      remedy: [`On the node: systemctl status ${unit}; crictl ps -a | wc -l (too many containers?); journalctl -u ${unit} -n 200`, `Restart the runtime if it hangs: systemctl restart ${unit}`],
    }
  }
  if (/container runtime is down|container runtime status check may not have completed|runtime.*not ready/i.test(message)) {
    return {
      code: 'ContainerRuntimeDown',
      severity: 'critical',
      subject,
      summary: `NotReady${since}: the kubelet cannot talk to the container runtime (${unit}).`,
      evidence,
      remedy: [`On the node: systemctl status ${unit}; journalctl -u ${unit} -n 200; crictl info`, `systemctl restart ${unit}`],
    }
  }
  return {
    code: 'NodeNotReady',
    severity: 'critical',
    subject,
    summary: `NotReady${since}: ${ready.reason ?? 'the kubelet reports the node not ready'}${message ? ` (${message})` : ''}.`,
    evidence,
    remedy: ['On the node: journalctl -u kubelet -n 200 --no-pager', `systemctl status kubelet ${unit}`],
  }
}

const pressureRemedy: Record<string, string[]> = {
  MemoryPressure: ['Find the biggest users: kubectl top pods -A --sort-by=memory (metrics-server); set memory requests near real usage.', 'The kubelet evicts BestEffort and over-request pods first.'],
  DiskPressure: ['On the node: df -h /var/lib/kubelet /var/lib/containerd /var/log; crictl rmi --prune removes unused images.', 'Rotate or ship container logs; check emptyDir usage.'],
  PIDPressure: ['On the node: ps -eLf | wc -l; find the pod that forks without bound and set a pids limit.'],
}

function pressures(snapshot: NodeSnapshot): Finding[] {
  const node = snapshot.node
  return (node.status?.conditions ?? [])
    .filter((c) => c.type in pressureRemedy && c.status === 'True')
    .map((c) => ({
      code: 'NodePressure',
      severity: 'warning' as const,
      subject: `node/${node.metadata.name}`,
      summary: `${c.type}: the kubelet reports ${c.type.replace('Pressure', '').toLowerCase()} pressure and will evict pods to relieve it.`,
      evidence: [`condition ${c.type}=True reason=${c.reason ?? ''}: ${c.message ?? ''}`],
      remedy: pressureRemedy[c.type]!,
    }))
}

function network(snapshot: NodeSnapshot): Finding | undefined {
  const c = condition(snapshot.node.status?.conditions, 'NetworkUnavailable')
  if (c?.status !== 'True') return undefined
  return {
    code: 'NodeNetworkUnavailable',
    severity: 'critical',
    subject: `node/${snapshot.node.metadata.name}`,
    summary: 'NetworkUnavailable: the node\'s network routes are not configured (the CNI or cloud route controller has not finished).',
    evidence: [`condition NetworkUnavailable=True reason=${c.reason ?? ''}: ${c.message ?? ''}`],
    remedy: ['Check the CNI pod on this node and the cloud controller manager logs (route controller).'],
  }
}

function cordoned(snapshot: NodeSnapshot): Finding | undefined {
  const node = snapshot.node
  if (!node.spec?.unschedulable) return undefined
  return {
    code: 'NodeCordoned',
    severity: 'warning',
    subject: `node/${node.metadata.name}`,
    summary: 'Cordoned (spec.unschedulable): no new pods are scheduled here.',
    evidence: ['spec.unschedulable=true', ...(node.spec.taints ?? []).filter((t) => t.key === 'node.kubernetes.io/unschedulable').map((t) => `taint ${t.key}:${t.effect}`)],
    remedy: [`kubectl uncordon ${node.metadata.name}  # when maintenance is finished`],
  }
}

function failingPods(snapshot: NodeSnapshot): Finding | undefined {
  const stuck = (snapshot.pods ?? []).filter((p) => (p.status?.containerStatuses ?? []).some((s) => s.state?.waiting?.reason === 'ContainerCreating'))
  if (stuck.length === 0) return undefined
  return {
    code: 'PodsStuckCreating',
    severity: 'warning',
    subject: `node/${snapshot.node.metadata.name}`,
    summary: `${stuck.length} pod(s) on this node are stuck in ContainerCreating.`,
    evidence: stuck.slice(0, 10).map((p) => `pod ${p.metadata.namespace ?? ''}/${p.metadata.name}`),
    remedy: [`kubectl diagnose pod NAME -n NAMESPACE for one of them`],
  }
}

function checkNode(snapshot: NodeSnapshot, context: RuleContext): Finding[] {
  return [readiness(snapshot, context), network(snapshot), ...pressures(snapshot), cordoned(snapshot), failingPods(snapshot)].filter((f): f is Finding => f !== undefined)
}

export const nodeRule: Rule<NodeSnapshot> = {name: 'node', check: checkNode}
