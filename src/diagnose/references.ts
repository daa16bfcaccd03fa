/** The ConfigMaps, Secrets and claims a pod refers to, and from where (env, envFrom, volume). */
import {allContainers} from './facts.js'
import type {Pod} from './objects.js'

export interface ConfigReference {
  kind: 'ConfigMap' | 'Secret'
  name: string
  /** A key the pod needs, when the reference names one. */
  key?: string
  optional: boolean
  /** `container "app" env DB_URL`, `volume "certs"`. */
  from: string
  /** Volumes are needed before any container starts; env only by its container. */
  container?: string
}

export function configReferences(pod: Pod): ConfigReference[] {
  const refs: ConfigReference[] = []
  for (const container of allContainers(pod)) {
    for (const env of container.env ?? []) {
      const cm = env.valueFrom?.configMapKeyRef
      const secret = env.valueFrom?.secretKeyRef
      if (cm?.name) refs.push({kind: 'ConfigMap', name: cm.name, key: cm.key, optional: cm.optional === true, from: `container "${container.name}" env ${env.name}`, container: container.name})
      if (secret?.name) refs.push({kind: 'Secret', name: secret.name, key: secret.key, optional: secret.optional === true, from: `container "${container.name}" env ${env.name}`, container: container.name})
    }
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef?.name) refs.push({kind: 'ConfigMap', name: source.configMapRef.name, optional: source.configMapRef.optional === true, from: `container "${container.name}" envFrom`, container: container.name})
      if (source.secretRef?.name) refs.push({kind: 'Secret', name: source.secretRef.name, optional: source.secretRef.optional === true, from: `container "${container.name}" envFrom`, container: container.name})
    }
  }
  for (const volume of pod.spec.volumes ?? []) {
    const from = `volume "${volume.name}"`
    if (volume.configMap?.name) {
      const optional = volume.configMap.optional === true
      refs.push({kind: 'ConfigMap', name: volume.configMap.name, optional, from})
      for (const item of volume.configMap.items ?? []) refs.push({kind: 'ConfigMap', name: volume.configMap.name, key: item.key, optional, from})
    }
    if (volume.secret?.secretName) {
      const optional = volume.secret.optional === true
      refs.push({kind: 'Secret', name: volume.secret.secretName, optional, from})
      for (const item of volume.secret.items ?? []) refs.push({kind: 'Secret', name: volume.secret.secretName, key: item.key, optional, from})
    }
    // kube-api-access-* is the token volume the ServiceAccount admission injects; kube-root-ca.crt is managed.
    if (volume.name.startsWith('kube-api-access-')) continue
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap?.name) refs.push({kind: 'ConfigMap', name: source.configMap.name, optional: source.configMap.optional === true, from})
      if (source.secret?.name) refs.push({kind: 'Secret', name: source.secret.name, optional: source.secret.optional === true, from})
    }
  }
  return refs
}

export function claimNames(pod: Pod): string[] {
  return (pod.spec.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName).filter((n): n is string => Boolean(n))
}
