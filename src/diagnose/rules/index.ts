/** The registry: every rule family, per kind of snapshot, in the order their findings rank. */
import type {Rule} from '../facts.js'
import type {DeploymentSnapshot, NamespaceSnapshot, NodeSnapshot, PodSnapshot, ServiceSnapshot} from '../model.js'
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
