/**
 * What `kubectl diagnose audit` reads and what it produces. An audit looks at workloads through
 * their pod templates (one finding names the Deployment, not each of its replicas), at nodes and
 * at namespaces; the `-o json|yaml` document (Audit) is documented in the README and kept stable.
 */
import type {Container, Node, ObjectMeta, PodSpec} from '../objects.js'
import type {Finding, Severity} from '../model.js'

export interface SecurityContext {
  runAsNonRoot?: boolean
  runAsUser?: number
  runAsGroup?: number
  privileged?: boolean
  allowPrivilegeEscalation?: boolean
  readOnlyRootFilesystem?: boolean
  capabilities?: {add?: string[]; drop?: string[]}
}

export interface LifecycleHandler {
  exec?: {command?: string[]}
  httpGet?: {path?: string; port?: number | string}
  sleep?: {seconds?: number}
}

/** A container as the audit reads it: the diagnosis's view plus its security context and hooks. */
export type AuditContainer = Container & {
  securityContext?: SecurityContext
  lifecycle?: {preStop?: LifecycleHandler; postStart?: LifecycleHandler}
}

export type AuditPodSpec = Omit<PodSpec, 'containers' | 'initContainers'> & {
  containers: AuditContainer[]
  initContainers?: AuditContainer[]
  hostNetwork?: boolean
  hostPID?: boolean
  hostIPC?: boolean
  securityContext?: SecurityContext
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'Pod'

/** One workload, seen through its pod template. */
export interface WorkloadView {
  kind: WorkloadKind
  namespace: string
  name: string
  labels: Record<string, string>
  template: {metadata: Partial<ObjectMeta>; spec: AuditPodSpec}
  replicas?: number | undefined
  /** StatefulSet: the claims each replica gets. */
  volumeClaimTemplates?: string[] | undefined
  /** CronJob: spec.timeZone. */
  timeZone?: string | undefined
  /** Whether a LimitRange in the namespace supplies container defaults; undefined when unknown. */
  limitRangeDefaults?: boolean | undefined
}

/** A namespace and whether it has a ResourceQuota (undefined: could not tell). */
export interface NamespaceView {
  name: string
  quotas: number | undefined
}

/** What the audit keeps of every workload for the fleet-wide checks: small and bounded. */
export interface FleetFacts {
  /** Registry host → workloads pulling from it (count) and a few of them. */
  registries: Map<string, Tally>
  /** Time zone (TZ value, zoneinfo mount, CronJob timeZone, or `unset`) → workloads. */
  timeZones: Map<string, Tally>
  workloads: number
}

export interface Tally {
  count: number
  examples: string[]
}

/** The subjects a check can look at. */
export interface AuditSubjects {
  workload: WorkloadView
  node: Node
  namespace: NamespaceView
  fleet: FleetFacts
}

export type AuditScope = keyof AuditSubjects

/** The inputs a check needs; when one could not be read (403, not served), the check is skipped and says why. */
export type AuditInput = 'workloads' | 'nodes' | 'resourcequotas'

export type CheckStatus = 'passed' | 'failed' | 'skipped'

/** One failing object of a check, as listed in the report. */
export interface AuditObject {
  /** `deployment/shop/web`, `node/cp-1`, `namespace/shop`. */
  object: string
  namespace?: string | undefined
  severity: Severity
  summary: string
  evidence: string[]
  remedy: string[]
}

export interface CheckResult {
  id: string
  severity: Severity
  title: string
  /** What goes wrong in production when the practice is missing, in one sentence. */
  consequence: string
  status: CheckStatus
  /** Why a skipped check was skipped (what could not be read). */
  skipped?: string | undefined
  /** Objects checked (the check applied to them). */
  checked: number
  /** Objects failing it. */
  failed: number
  /** Namespaces with a failing object. */
  namespaces: number
  /** The first failing objects (at most --top), most severe first. */
  objects: AuditObject[]
}

export interface NamespaceScore {
  name: string
  /** Workloads audited in the namespace. */
  workloads: number
  /** 0-100: the share of (object, check) pairs that pass, weighted by the check's severity. */
  score: number
  failed: Record<Severity, number>
}

/** The `-o json|yaml` document. */
export interface Audit {
  apiVersion: 'kubekit.dev/v1'
  kind: 'Audit'
  /** `namespace shop`, `all namespaces`, `deployment shop/web`, `manifests ./deploy`. */
  scope: string
  /** `Passed` when no check failed with a warning or critical finding, `ProblemsFound` otherwise. */
  status: 'Passed' | 'ProblemsFound'
  summary: {workloads: number; nodes: number; namespaces: number; score: number; failedChecks: number; skippedChecks: number}
  /** Failed checks first (critical, then warning, then info; most objects first), then passed and skipped ones. */
  checks: CheckResult[]
  namespaces: NamespaceScore[]
  /** Reads that were not possible and what that means for the audit. */
  notes: string[]
}

export type {Finding}
