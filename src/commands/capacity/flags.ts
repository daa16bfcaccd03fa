/**
 * The flags of `capacity plan` (and the plan flags `capacity show` shares), declared once.
 * They parse into plain data (capacity/inputs.ts PlanFlags); the core never sees oclif.
 */
import {Flags} from '@oclif/core'

const workload = 'WORKLOADS'
const node = 'NODES'
const failure = 'FAILURES'
const network = 'NETWORK'

export const planSourceFlags = {
  filename: Flags.string({char: 'f', multiple: true, description: 'A plan file or Kubernetes manifests (files or directories; multi-document YAML or JSON).', helpGroup: workload}),
  redundancy: Flags.string({description: 'Extra share of all pods on top of the workloads: 10% or 0.1 (a bare number above 1 is refused).', helpGroup: workload}),
}

export const planFlags = {
  ...planSourceFlags,
  services: Flags.integer({description: 'Number of identical services (with --cpu/--memory).', helpGroup: workload}),
  replicas: Flags.integer({description: 'Replicas per service.', helpGroup: workload}),
  cpu: Flags.string({description: 'CPU request per pod: 2, 500m, 1.5.', helpGroup: workload}),
  memory: Flags.string({description: 'Memory request per pod: 4Gi, 512Mi, 4G.', helpGroup: workload}),
  'ephemeral-storage': Flags.string({description: 'Ephemeral-storage request per pod.', helpGroup: workload}),
  gpu: Flags.string({description: 'nvidia.com/gpu per pod.', helpGroup: workload}),
  daemonset: Flags.string({multiple: true, description: 'A DaemonSet on every node: cpu=100m,memory=200Mi[,name=NAME] (repeatable).', helpGroup: workload}),
  'from-cluster': Flags.boolean({description: "Add the live workloads of the current context (pods grouped by controller; DaemonSets per node). Without a node shape, the cluster's most common node shape and its allocatable are used.", helpGroup: workload}),
  'node-cpu': Flags.string({description: 'Node shape: cores per node (with --node-memory).', helpGroup: node}),
  'node-memory': Flags.string({description: 'Node shape: memory per node, e.g. 64Gi.', helpGroup: node}),
  'node-ephemeral-storage': Flags.string({description: 'Node shape: ephemeral storage per node.', helpGroup: node, hidden: true}),
  node: Flags.string({multiple: true, description: 'A node shape to compare: name=NAME,cpu=16,memory=64Gi[,max-pods=110] (repeatable).', helpGroup: node}),
  'max-pods': Flags.integer({description: 'Max pods per node (default 110).', helpGroup: node}),
  reserved: Flags.string({description: 'Kubelet reservations: gke, eks, aks (≥1.29), aks-legacy (<1.29), ack (≥1.28), ack-legacy (1.20–1.27), none or custom (default gke; with --from-cluster, detected from the nodes).', helpGroup: node}),
  'kube-reserved': Flags.string({description: 'With --reserved custom: cpu=1,memory=2Gi,ephemeral-storage=1Gi.', helpGroup: node}),
  'system-reserved': Flags.string({description: 'With --reserved custom: cpu=500m,memory=1Gi.', helpGroup: node}),
  'eviction-hard': Flags.string({description: 'With --reserved custom: memory.available<500Mi,nodefs.available<10%.', helpGroup: node}),
  'eks-enis': Flags.integer({description: 'EKS max pods from ENIs: network interfaces per instance (with --eks-ips-per-eni).', helpGroup: node}),
  'eks-ips-per-eni': Flags.integer({description: 'EKS max pods: IPv4 addresses per ENI.', helpGroup: node}),
  'eks-prefix-delegation': Flags.boolean({description: 'EKS max pods with VPC CNI prefix delegation (/28 per slot, capped at 110 or 250).', helpGroup: node}),
  'terway-enis': Flags.integer({description: 'ACK Terway max pods from ENIs: ENIs per instance (with --terway-ips-per-eni); (ENIs − 1) × IPs per ENI + host-network pods.', helpGroup: node}),
  'terway-ips-per-eni': Flags.integer({description: 'ACK Terway: private IPv4 addresses per ENI.', helpGroup: node}),
  'host-network-pods': Flags.integer({description: 'Terway: host-network pods per node, which take no ENI address (default 0).', helpGroup: node}),
  recommend: Flags.boolean({description: 'Plan on the best node shape of the instance catalogue (the ranking is shown without a node shape anyway).', helpGroup: node}),
  catalogue: Flags.string({description: 'Instance catalogue to rank: ack, eks, gke, aks or all, comma-separated (default: the --reserved provider).', helpGroup: node}),
  'spare-nodes': Flags.integer({description: 'Spare nodes on top (N+k).', helpGroup: failure}),
  zones: Flags.integer({description: 'Spread over this many zones so losing a whole zone is absorbed.', helpGroup: failure}),
  'max-loss': Flags.string({description: 'Most capacity one node may hold, e.g. 10% → at least 10 nodes. Losing any one node (N−1) is always checked.', helpGroup: failure}),
  round: Flags.boolean({description: "Also show totals rounded up like the ACK guide's ≈80c/160g (whole cores/GiB, two significant digits).", helpGroup: workload}),
  'pod-cidr': Flags.string({description: 'Cluster pod range, e.g. 10.0.0.0/14.', helpGroup: network}),
  'service-cidr': Flags.string({description: 'Service range, e.g. 10.4.0.0/20.', helpGroup: network}),
  'vpc-cidr': Flags.string({multiple: true, description: 'VPC / node subnet ranges that must not overlap (repeatable).', helpGroup: network}),
  'node-pod-cidr-mask': Flags.integer({description: 'Prefix length of each node\'s pod range (default: GKE rule from max pods with --reserved gke, else 24).', helpGroup: network}),
}
