/** `kubectl diagnose audit`: production practices checked across a cluster, a namespace, one workload or manifests. */
export {auditCluster, type AuditOptions} from './cluster.js'
export {auditManifests, readManifests} from './manifests.js'
export {renderAudit} from './report.js'
export {auditChecks} from './checks/index.js'
export type {Audit, CheckResult, NamespaceScore, AuditObject, WorkloadView} from './model.js'
