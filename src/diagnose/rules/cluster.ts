/**
 * "Cluster DNS is down: 0 of 2 CoreDNS pods are ready, so every name lookup in every pod fails."
 * / "The CNI (calico) fails on 3 nodes." / "The API server's readiness check says etcd failed."
 */
import {type Rule} from '../facts.js'
import type {ClusterSnapshot, Finding} from '../model.js'

function dns(snapshot: ClusterSnapshot): Finding | undefined {
  const health = snapshot.dns
  if (!health || health.ready > 0 && health.ready === health.pods) return undefined
  const down = health.ready === 0
  return {
    code: down ? 'ClusterDnsDown' : 'ClusterDnsDegraded',
    severity: down ? 'critical' : 'warning',
    subject: 'cluster',
    summary: down
      ? `Cluster DNS is down: ${health.pods === 0 ? 'no CoreDNS/kube-dns pod exists' : `0 of ${health.pods} ${health.name} pods are ready`}, so name lookups fail in every pod (apps log "no such host" / "i/o timeout").`
      : `Cluster DNS is degraded: ${health.ready} of ${health.pods} ${health.name} pods are ready; lookups routed to the others time out.`,
    evidence: [`${health.name} pods: ${health.pods}, ready: ${health.ready}`, ...health.failing.map((f) => `pod ${f}`)],
    remedy: ['kubectl diagnose deploy coredns -n kube-system', 'kubectl get svc kube-dns -n kube-system and its endpoints: the kubelet points pods at that ClusterIP.'],
  }
}

function cni(snapshot: ClusterSnapshot): Finding | undefined {
  const health = snapshot.cni
  if (!health || health.ready === health.pods) return undefined
  return {
    code: 'CniPodsFailing',
    severity: 'critical',
    subject: 'cluster',
    summary: `The pod network (${health.name}) is not ready on ${health.pods - health.ready} of ${health.pods} nodes: new pods there cannot get a network (ContainerCreating, FailedCreatePodSandBox).`,
    evidence: health.failing.map((f) => `pod ${f}`),
    remedy: [`kubectl diagnose pod ${health.firstFailing?.name ?? 'CNI-POD'} -n ${health.firstFailing?.namespace ?? 'kube-system'}`, 'On an affected node: ls /etc/cni/net.d; journalctl -u kubelet | grep -i cni'],
  }
}

function controlPlane(snapshot: ClusterSnapshot): Finding | undefined {
  const failures = snapshot.readyzFailures ?? []
  if (failures.length === 0 && snapshot.controlPlaneDown.length === 0) return undefined
  return {
    code: 'ControlPlaneUnhealthy',
    severity: 'critical',
    subject: 'cluster',
    summary: `The control plane reports trouble: ${[...failures.map((f) => f.replace(/^\[-\]/, '').trim()), ...snapshot.controlPlaneDown.map((p) => `${p} not ready`)].slice(0, 3).join('; ')}.`,
    evidence: [...failures.map((f) => `/readyz: ${f}`), ...snapshot.controlPlaneDown.map((p) => `static pod ${p} not ready`)],
    remedy: ['On a control-plane node: crictl ps -a | grep -E "kube-|etcd"; journalctl -u kubelet; the static pod manifests are in /etc/kubernetes/manifests.', 'On managed clusters (ACK, EKS, GKE) the control plane is the provider\'s: open a ticket with these lines.'],
  }
}

function nodes(snapshot: ClusterSnapshot): Finding | undefined {
  if (snapshot.nodes.total > 0) return undefined
  return {code: 'NoNodes', severity: 'critical', subject: 'cluster', summary: 'The cluster has no nodes: nothing can run.', evidence: ['kubectl get nodes: none'], remedy: ['Add nodes or bring the node pool back.']}
}

function checkCluster(snapshot: ClusterSnapshot): Finding[] {
  return [nodes(snapshot), controlPlane(snapshot), dns(snapshot), cni(snapshot)].filter((f): f is Finding => f !== undefined)
}

export const clusterRule: Rule<ClusterSnapshot> = {name: 'cluster', check: checkCluster}
