/** Shapes shared by the sandbox modules: Kubernetes objects as plain JSON, scenario data, options. */
import type {FaultRule} from './faults.js'

/** A Kubernetes object as JSON (what the API server stores and returns). */
export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata?: ObjectMeta
  [field: string]: unknown
}

export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: Array<{apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean}>
  finalizers?: string[]
  [field: string]: unknown
}

/** The log of one container, keyed `<namespace>/<pod>/<container>` in a scenario's `logs`. */
export interface LogSpec {
  /** Fixed text of the running (or last) container. */
  current?: string
  /** The previous run; absent means there was no previous run. */
  previous?: string
  /** Lines appended after `current`: line i (from 1) is `<namespace>/<pod>/<container> <i>`. */
  generate?: {lines: number; perSecond?: number}
  /** The server cuts every follow stream after this many lines (a resuming client must lose nothing). */
  dropAfterLines?: number
}

/** Per node: whether the node log query answers, and what each service's journal holds. */
export interface NodeLogSpec {
  /** false: the kubelet has no log query (404). Default true. */
  enabled?: boolean
  /** Journal text per service (`kubelet`, `containerd`, ...) or per file (`/var/log/syslog`). */
  services?: Record<string, string>
}

/** A scenario: objects plus container logs plus node logs. This is the scenario file shape. */
export interface Scenario {
  objects: KubeObject[]
  logs?: Record<string, LogSpec>
  /** Node log query answers, keyed by node name (`*` for every node). */
  nodeLogs?: Record<string, NodeLogSpec>
  /** Serve metrics.k8s.io (default: true when the objects include NodeMetrics or PodMetrics). */
  metrics?: boolean
  /** Fault rules active from the start (see faults.ts). */
  faults?: FaultRule[]
}

/** Makes a request from `user` fail with a real-looking 403. Unset fields match anything. */
export interface DenyRule {
  user?: string
  /** get, list, watch, create, update, patch, delete. */
  verb?: string
  /** The RBAC resource: `pods`, `namespaces`, `nodes/proxy`, `pods/log`. */
  resource: string
  /** API group, '' for core. */
  group?: string
  namespace?: string
  name?: string
}

export interface SandboxUser {
  name: string
  token: string
}

export interface ScaleParams {
  nodes: number
  pods: number
  events: number
  namespaces?: number
}
