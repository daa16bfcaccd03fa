/**
 * The parts of Kubernetes objects the diagnosis reads, typed as the API server returns them.
 * Every field is optional: rules must cope with objects written by any client or version.
 */

export interface ObjectMeta {
  name: string
  namespace?: string
  uid?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  creationTimestamp?: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  finalizers?: string[]
  generation?: number
  ownerReferences?: OwnerReference[]
}

export interface OwnerReference {
  apiVersion?: string
  kind: string
  name: string
  uid?: string
  controller?: boolean
}

export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown' | string
  reason?: string
  message?: string
  lastTransitionTime?: string
  lastHeartbeatTime?: string
  lastUpdateTime?: string
}

export type ResourceList = Record<string, string | number>

export interface Probe {
  httpGet?: {path?: string; port?: number | string; scheme?: string; host?: string}
  tcpSocket?: {port?: number | string}
  exec?: {command?: string[]}
  grpc?: {port?: number; service?: string}
  initialDelaySeconds?: number
  timeoutSeconds?: number
  periodSeconds?: number
  successThreshold?: number
  failureThreshold?: number
}

export interface EnvVar {
  name: string
  value?: string
  valueFrom?: {
    configMapKeyRef?: {name?: string; key: string; optional?: boolean}
    secretKeyRef?: {name?: string; key: string; optional?: boolean}
    fieldRef?: unknown
    resourceFieldRef?: unknown
  }
}

export interface EnvFromSource {
  prefix?: string
  configMapRef?: {name?: string; optional?: boolean}
  secretRef?: {name?: string; optional?: boolean}
}

export interface Container {
  name: string
  image?: string
  imagePullPolicy?: string
  command?: string[]
  args?: string[]
  ports?: Array<{name?: string; containerPort: number; protocol?: string}>
  env?: EnvVar[]
  envFrom?: EnvFromSource[]
  resources?: {requests?: ResourceList; limits?: ResourceList}
  livenessProbe?: Probe
  readinessProbe?: Probe
  startupProbe?: Probe
  restartPolicy?: string
  volumeMounts?: Array<{name: string; mountPath: string; subPath?: string; readOnly?: boolean}>
}

export interface Volume {
  name: string
  configMap?: {name?: string; optional?: boolean; items?: Array<{key: string; path: string}>}
  secret?: {secretName?: string; optional?: boolean; items?: Array<{key: string; path: string}>}
  persistentVolumeClaim?: {claimName: string; readOnly?: boolean}
  projected?: {sources?: Array<{configMap?: {name?: string; optional?: boolean}; secret?: {name?: string; optional?: boolean}}>}
  [source: string]: unknown
}

export type {NodeSelectorRequirement, Taint, Toleration} from '../util/node-selection.js'
import type {NodeSelectorRequirement, Taint, Toleration} from '../util/node-selection.js'

export interface PodSpec {
  nodeName?: string
  nodeSelector?: Record<string, string>
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        nodeSelectorTerms?: Array<{matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[]}>
      }
    }
    [kind: string]: unknown
  }
  tolerations?: Toleration[]
  /** Absent when a server sends a pod without them (`spec: null` reads as an empty spec). */
  containers?: Container[]
  initContainers?: Container[]
  volumes?: Volume[]
  imagePullSecrets?: Array<{name: string}>
  serviceAccountName?: string
  schedulingGates?: Array<{name: string}>
  restartPolicy?: string
  overhead?: ResourceList
  priorityClassName?: string
  terminationGracePeriodSeconds?: number
}

export interface ContainerStateWaiting {
  reason?: string
  message?: string
}

export interface ContainerStateTerminated {
  exitCode: number
  signal?: number
  reason?: string
  message?: string
  startedAt?: string
  finishedAt?: string
  containerID?: string
}

export interface ContainerState {
  waiting?: ContainerStateWaiting
  running?: {startedAt?: string}
  terminated?: ContainerStateTerminated
}

export interface ContainerStatus {
  name: string
  image?: string
  imageID?: string
  containerID?: string
  ready: boolean
  started?: boolean
  restartCount: number
  state?: ContainerState
  lastState?: ContainerState
}

export interface PodStatus {
  phase?: string
  reason?: string
  message?: string
  conditions?: Condition[]
  hostIP?: string
  podIP?: string
  startTime?: string
  nominatedNodeName?: string
  qosClass?: string
  containerStatuses?: ContainerStatus[]
  initContainerStatuses?: ContainerStatus[]
}

export interface Pod {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec: PodSpec
  status?: PodStatus
}

export interface Node {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: {unschedulable?: boolean; taints?: Taint[]; podCIDR?: string; providerID?: string}
  status?: {
    capacity?: ResourceList
    allocatable?: ResourceList
    conditions?: Condition[]
    addresses?: Array<{type: string; address: string}>
    nodeInfo?: {
      containerRuntimeVersion?: string
      kubeletVersion?: string
      osImage?: string
      kernelVersion?: string
      operatingSystem?: string
      architecture?: string
    }
  }
}

export interface KubeEvent {
  metadata: ObjectMeta
  involvedObject: {kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string; apiVersion?: string}
  reason?: string
  message?: string
  type?: string
  count?: number
  firstTimestamp?: string | null
  lastTimestamp?: string | null
  eventTime?: string | null
  series?: {count?: number; lastObservedTime?: string} | null
  source?: {component?: string; host?: string}
  reportingComponent?: string
  reportingController?: string
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: NodeSelectorRequirement[]
}

export interface Deployment {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: {replicas?: number; selector?: LabelSelector; paused?: boolean; progressDeadlineSeconds?: number; template?: {metadata?: Partial<ObjectMeta>; spec?: PodSpec}}
  status?: {
    replicas?: number
    updatedReplicas?: number
    readyReplicas?: number
    availableReplicas?: number
    unavailableReplicas?: number
    observedGeneration?: number
    conditions?: Condition[]
  }
}

/** ReplicaSet, StatefulSet, DaemonSet and Job share what the diagnosis reads of them. */
export interface Workload {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: {replicas?: number; selector?: LabelSelector}
  status?: {
    replicas?: number
    readyReplicas?: number
    availableReplicas?: number
    desiredNumberScheduled?: number
    numberReady?: number
    failed?: number
    active?: number
    succeeded?: number
    conditions?: Condition[]
  }
}

export interface ServicePort {
  name?: string
  port: number
  targetPort?: number | string
  protocol?: string
  nodePort?: number
}

export interface Service {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: {type?: string; selector?: Record<string, string>; ports?: ServicePort[]; clusterIP?: string; externalName?: string; sessionAffinity?: string; externalTrafficPolicy?: string}
  status?: {loadBalancer?: {ingress?: Array<{ip?: string; hostname?: string}>}}
}

export interface EndpointSlice {
  metadata: ObjectMeta
  addressType?: string
  endpoints?: Array<{
    addresses?: string[]
    conditions?: {ready?: boolean; serving?: boolean; terminating?: boolean}
    targetRef?: {kind?: string; name?: string; namespace?: string}
    nodeName?: string
  }> | null
  ports?: Array<{name?: string; port?: number; protocol?: string}> | null
}

export interface PersistentVolumeClaim {
  metadata: ObjectMeta
  spec?: {storageClassName?: string | null; volumeName?: string; accessModes?: string[]; resources?: {requests?: ResourceList}}
  status?: {phase?: string; conditions?: Condition[]}
}

export interface Namespace {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: {finalizers?: string[]}
  status?: {phase?: string; conditions?: Condition[]}
}

export interface PodMetrics {
  metadata: ObjectMeta
  timestamp?: string
  window?: string
  containers?: Array<{name: string; usage?: ResourceList}>
}

export interface IngressBackend {
  service?: {name: string; port?: {number?: number; name?: string}}
  resource?: {kind?: string; name?: string; apiGroup?: string}
}

export interface Ingress {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: {
    ingressClassName?: string
    defaultBackend?: IngressBackend
    tls?: Array<{hosts?: string[]; secretName?: string}>
    rules?: Array<{host?: string; http?: {paths?: Array<{path?: string; pathType?: string; backend: IngressBackend}>}}>
  }
  status?: {loadBalancer?: {ingress?: Array<{ip?: string; hostname?: string}>}}
}

export interface IngressClass {
  metadata: ObjectMeta
  spec?: {controller?: string; parameters?: unknown}
}

export interface StorageClass {
  metadata: ObjectMeta
  provisioner?: string
  volumeBindingMode?: string
  allowVolumeExpansion?: boolean
  parameters?: Record<string, string>
}

/** StatefulSet, DaemonSet, Job and CronJob: what the diagnosis reads of them beyond Workload. */
export interface Controller {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: {
    replicas?: number
    selector?: LabelSelector
    serviceName?: string
    podManagementPolicy?: string
    updateStrategy?: {type?: string; rollingUpdate?: {partition?: number; maxUnavailable?: number | string}}
    volumeClaimTemplates?: Array<{metadata: Partial<ObjectMeta>; spec?: PersistentVolumeClaim['spec']}>
    template?: {metadata?: Partial<ObjectMeta>; spec?: PodSpec}
    // Job
    backoffLimit?: number
    completions?: number
    parallelism?: number
    activeDeadlineSeconds?: number
    suspend?: boolean
    // CronJob
    schedule?: string
    timeZone?: string
    concurrencyPolicy?: string
    startingDeadlineSeconds?: number
    jobTemplate?: {spec?: {backoffLimit?: number; template?: {spec?: PodSpec}}}
  }
  status?: {
    replicas?: number
    readyReplicas?: number
    availableReplicas?: number
    currentReplicas?: number
    updatedReplicas?: number
    currentRevision?: string
    updateRevision?: string
    observedGeneration?: number
    // DaemonSet
    desiredNumberScheduled?: number
    currentNumberScheduled?: number
    numberReady?: number
    numberAvailable?: number
    numberUnavailable?: number
    numberMisscheduled?: number
    updatedNumberScheduled?: number
    // Job
    active?: number
    succeeded?: number
    failed?: number
    startTime?: string
    completionTime?: string
    // CronJob
    lastScheduleTime?: string
    lastSuccessfulTime?: string
    conditions?: Condition[]
  }
}
