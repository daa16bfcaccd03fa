/** Stateful data lives on PersistentVolumes, not in emptyDir, the container's filesystem or hostPath. */
import type {AuditCheck} from '../check.js'
import {appContainers, kubectlRef, workloadFinding} from '../helpers.js'
import type {WorkloadView} from '../model.js'

const dataImages = /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|valkey|elasticsearch|opensearch|rabbitmq|kafka|zookeeper|etcd|cassandra|clickhouse|minio|prometheus|influxdb|nats|consul|vault)(:|@|$)/i

function claims(view: WorkloadView): number {
  return (view.volumeClaimTemplates?.length ?? 0) + (view.template.spec.volumes ?? []).filter((v) => v.persistentVolumeClaim).length
}

function problems(view: WorkloadView): string[] {
  const found: string[] = []
  const hasClaims = claims(view) > 0
  if (view.kind === 'StatefulSet' && !hasClaims) found.push('StatefulSet with no volumeClaimTemplates and no persistentVolumeClaim volume')
  const data = appContainers(view).filter((c) => dataImages.test(c.image ?? ''))
  if (view.kind !== 'StatefulSet' && data.length && !hasClaims) found.push(`container "${data[0]!.name}" runs ${data[0]!.image} with no PersistentVolumeClaim`)
  if (view.kind !== 'DaemonSet') {
    for (const v of view.template.spec.volumes ?? []) {
      const hostPath = v.hostPath as {path?: string} | undefined
      if (hostPath) found.push(`volume "${v.name}" is hostPath ${hostPath.path ?? ''}: its data stays on whichever node the pod ran on`)
    }
  }
  return found
}

export const persistentDataCheck: AuditCheck<'workload'> = {
  name: 'persistent-data',
  scope: 'workload',
  severity: 'warning',
  title: 'stateful data is on PersistentVolumes, not emptyDir, hostPath or the container filesystem',
  consequence: 'data in emptyDir or the container filesystem dies with the pod: a node drain, an eviction or a rollout deletes it; on hostPath it stays on a node the pod may never come back to.',
  fix: 'give StatefulSets volumeClaimTemplates (one PersistentVolumeClaim per replica) and mount the data directory from them; replace hostPath with a claim.',
  needs: ['workloads'],
  check(view) {
    const found = problems(view)
    if (found.length === 0) return []
    const mount = appContainers(view)[0]?.name ?? 'app'
    const remedy =
      view.kind === 'StatefulSet'
        ? [`add volumeClaimTemplates to ${kubectlRef(view)} (a StatefulSet's templates cannot be patched in place: kubectl get ${kubectlRef(view)} -o yaml > sts.yaml, add spec.volumeClaimTemplates [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 20Gi}}}}] and a volumeMount "data" on container "${mount}", then kubectl delete statefulset ${view.name} -n ${view.namespace} --cascade=orphan && kubectl apply -f sts.yaml)`]
        : [`kubectl create -n ${view.namespace} -f - <<< '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"${view.name}-data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"20Gi"}}}}'`, `mount claim ${view.name}-data on container "${mount}" at its data directory in place of the emptyDir/hostPath volume (better: run it as a StatefulSet)`]
    return [workloadFinding('persistent-data', 'warning', view, `the ${view.kind}'s data is not on a PersistentVolume: ${found[0]}.`, found, remedy)]
  },
}
