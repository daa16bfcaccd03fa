/**
 * The documented -o json|yaml schema of `capacity show`. Keys are only ever added: the
 * grouping (groupBy, namespaces), the filters and the resources shown came after the first
 * schema, and a filter that leaves nothing gives empty lists, never missing keys.
 */
import type {NodeRecord, PodRecord} from './cluster.js'
import {amountsData} from './report.js'
import {nodeTaints} from './show-filters.js'
import {taintText} from '../util/node-selection.js'
import type {NamespaceGroup} from './show-groups.js'
import type {ShowResult} from './show.js'

function podData(pod: PodRecord, withNode: boolean) {
  return {
    namespace: pod.namespace,
    name: pod.name,
    ...(withNode ? {node: pod.node} : {}),
    requests: amountsData(pod.requests),
    limits: amountsData(pod.limits),
    ...(pod.usage ? {usage: amountsData(pod.usage)} : {}),
    ...(pod.containers
      ? {containers: pod.containers.map((container) => ({name: container.name, init: container.init, requests: amountsData(container.requests), limits: amountsData(container.limits), ...(container.usage ? {usage: amountsData(container.usage)} : {})}))}
      : {}),
  }
}

function nodeData(record: NodeRecord, labelColumns: string[], withPods: boolean) {
  return {
    name: record.name,
    labels: Object.fromEntries(labelColumns.filter((label) => record.labels[label] !== undefined).map((label) => [label, record.labels[label]!])),
    unschedulable: record.unschedulable,
    taints: record.taints,
    allTaints: nodeTaints(record).map(taintText),
    allocatable: amountsData(record.allocatable),
    requests: amountsData(record.requests),
    limits: amountsData(record.limits),
    ...(record.usage ? {usage: amountsData(record.usage)} : {}),
    pods: record.pods,
    allPods: record.allPods,
    allRequests: amountsData(record.allRequests),
    ...(withPods && record.podList ? {podList: record.podList.map((pod) => podData(pod, false))} : {}),
  }
}

function namespaceData(group: NamespaceGroup, withPods: boolean) {
  return {
    name: group.name,
    requests: amountsData(group.requests),
    limits: amountsData(group.limits),
    ...(group.usage ? {usage: amountsData(group.usage)} : {}),
    pods: group.pods,
    ...(withPods ? {podList: group.podList.map((pod) => podData(pod, true))} : {}),
  }
}

/** withPods: the podList of each node (or namespace), when the snapshot holds them. */
export function showData(result: ShowResult, labelColumns: string[], withPods = true) {
  return {
    context: result.context,
    groupBy: result.groupBy,
    filters: result.filters,
    noNodes: result.noNodes ?? null,
    resources: result.resources,
    metrics: result.metrics.served ? {served: true} : {served: false, reason: result.metrics.reason},
    total: {
      allocatable: amountsData(result.total.allocatable),
      requests: amountsData(result.total.requests),
      limits: amountsData(result.total.limits),
      ...(result.total.usage ? {usage: amountsData(result.total.usage)} : {}),
      pods: result.total.pods,
      podCapacity: result.total.podCapacity,
    },
    unscheduled: {pods: result.unscheduled.pods, requests: amountsData(result.unscheduled.requests)},
    headroom: {lostNode: result.headroom.lostNode ?? null, free: amountsData(result.headroom.free), absorbed: result.headroom.absorbed, excluded: result.headroom.excluded},
    ...(result.planCheck ? {planCheck: result.planCheck} : {}),
    nodes: result.nodes.map((node) => nodeData(node, labelColumns, withPods)),
    ...(result.namespaces ? {namespaces: result.namespaces.map((group) => namespaceData(group, withPods))} : {}),
  }
}
