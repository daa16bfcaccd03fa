/** The audit's registry: every check, in the order the README table lists them. */
import type {AnyAuditCheck} from '../check.js'
import {capabilitiesCheck} from './capabilities.js'
import {configInSpecCheck} from './config-in-spec.js'
import {controlPlaneTaintCheck} from './control-plane-taint.js'
import {gracefulShutdownCheck} from './graceful-shutdown.js'
import {hostNamespacesCheck} from './host-namespaces.js'
import {imageRegistryCheck} from './image-registry.js'
import {imageTagCheck} from './image-tag.js'
import {ingressNodesCheck} from './ingress-nodes.js'
import {livenessProbeCheck} from './liveness-probe.js'
import {persistentDataCheck} from './persistent-data.js'
import {priorityClassCheck} from './priority-class.js'
import {privilegedCheck} from './privileged.js'
import {readinessProbeCheck} from './readiness-probe.js'
import {resourceQuotaCheck} from './resource-quota.js'
import {resourcesCheck} from './resources.js'
import {runAsNonRootCheck} from './run-as-non-root.js'
import {timeZoneCheck} from './timezone.js'

export const auditChecks: readonly AnyAuditCheck[] = [
  resourcesCheck,
  readinessProbeCheck,
  livenessProbeCheck,
  imageTagCheck,
  imageRegistryCheck,
  configInSpecCheck,
  runAsNonRootCheck,
  privilegedCheck,
  hostNamespacesCheck,
  capabilitiesCheck,
  gracefulShutdownCheck,
  persistentDataCheck,
  timeZoneCheck,
  priorityClassCheck,
  controlPlaneTaintCheck,
  ingressNodesCheck,
  resourceQuotaCheck,
]
