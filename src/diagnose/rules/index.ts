/** The registry: every rule family, per kind of snapshot, in the order their findings rank. */
import type {Rule} from '../facts.js'
import type {ClusterSnapshot, ClaimSnapshot, ControllerSnapshot, DeploymentSnapshot, IngressSnapshot, NamespaceSnapshot, NodeSnapshot, PodSnapshot, ServiceSnapshot} from '../model.js'
import {claimRule} from './claim.js'
import {clusterRule} from './cluster.js'
import {daemonSetRule} from './daemonset.js'
import {ingressRule} from './ingress.js'
import {jobRule} from './job.js'
import {statefulSetRule} from './statefulset.js'
import {configRule} from './config.js'
import {crashRule} from './crash.js'
import {deploymentRule} from './deployment.js'
import {imageRule} from './image.js'
import {lifecycleRule} from './lifecycle.js'
import {namespaceRule} from './namespace.js'
import {nodeRule} from './node.js'
import {podNodeRule} from './pod-node.js'
import {probesRule} from './probes.js'
import {schedulingRule} from './scheduling.js'
import {serviceRule} from './service.js'
import {startRule} from './start.js'

/** Pod rules: node-side causes first (they explain the pod symptoms), then the pod's own. */
export const podRules: ReadonlyArray<Rule<PodSnapshot>> = [podNodeRule, schedulingRule, lifecycleRule, imageRule, configRule, startRule, crashRule, probesRule]
export const nodeRules: ReadonlyArray<Rule<NodeSnapshot>> = [nodeRule]
export const serviceRules: ReadonlyArray<Rule<ServiceSnapshot>> = [serviceRule]
export const deploymentRules: ReadonlyArray<Rule<DeploymentSnapshot>> = [deploymentRule]
export const namespaceRules: ReadonlyArray<Rule<NamespaceSnapshot>> = [namespaceRule]
export const controllerRules: ReadonlyArray<Rule<ControllerSnapshot>> = [statefulSetRule, daemonSetRule, jobRule]
export const claimRules: ReadonlyArray<Rule<ClaimSnapshot>> = [claimRule]
export const ingressRules: ReadonlyArray<Rule<IngressSnapshot>> = [ingressRule]
export const clusterRules: ReadonlyArray<Rule<ClusterSnapshot>> = [clusterRule]
