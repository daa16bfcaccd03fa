/**
 * Known networking pitfalls from production notes, said only where the objects show them:
 * "on Flannel without hairpin mode, a pod calling its own Service IP fails when kube-proxy picks
 * itself"; "requests are spread over 3 replicas with no session affinity: users bounce between
 * in-memory sessions"; "ClientIP affinity behind an ingress controller keys on the controller".
 */
import {type Rule} from '../facts.js'
import type {Finding, NetworkSnapshot} from '../model.js'
import type {Ingress} from '../objects.js'

/** ingress-nginx's cookie affinity annotations. */
export const affinityAnnotation = 'nginx.ingress.kubernetes.io/affinity'
export const affinityModeAnnotation = 'nginx.ingress.kubernetes.io/affinity-mode'

function hairpin(snapshot: NetworkSnapshot): Finding | undefined {
  const {cni, service} = snapshot
  if (!cni || cni.name !== 'flannel' || cni.hairpinMode !== false || snapshot.readyBackends === 0) return undefined
  const ns = service.metadata.namespace ?? 'default'
  return {
    code: 'HairpinModeOff',
    severity: 'info',
    subject: `service/${service.metadata.name}`,
    summary: `The cluster network is Flannel without hairpin mode: a pod behind this Service that calls the Service's own IP fails whenever kube-proxy picks that same pod (1 in ${snapshot.readyBackends} calls), which looks like intermittent timeouts.`,
    evidence: [`CNI: flannel (daemonset in ${cni.namespace})`, `${cni.configSource ?? 'flannel cni-conf.json'}: hairpinMode is not true`, `ready backends: ${snapshot.readyBackends}`],
    remedy: [
      `Set "hairpinMode": true in the flannel delegate of cni-conf.json (kubectl edit configmap -n ${cni.namespace} kube-flannel-cfg), then restart the flannel pods; the kubelet's --hairpin-mode must be hairpin-veth or promiscuous-bridge.`,
      `Or let the pod call itself directly: a headless Service (clusterIP: None) for self-calls, or localhost; on ACK, Terway (ENI) has no hairpin problem. Service: ${ns}/${service.metadata.name}`,
    ],
  }
}

function cookieAffinity(ingress: Ingress): string | undefined {
  return ingress.metadata.annotations?.[affinityAnnotation]
}

function noAffinity(snapshot: NetworkSnapshot): Finding | undefined {
  const {service, ingresses} = snapshot
  if (snapshot.readyBackends < 2 || service.spec?.sessionAffinity === 'ClientIP') return undefined
  if (ingresses.some((i) => cookieAffinity(i) === 'cookie')) return undefined
  const viaIngress = ingresses.map((i) => i.metadata.name)
  return {
    code: 'SessionAffinityNone',
    severity: 'info',
    subject: `service/${service.metadata.name}`,
    summary: `Requests are spread over ${snapshot.readyBackends} replicas with no session affinity: if users report being logged out, the app keeps sessions in each replica's memory.`,
    evidence: [`service spec.sessionAffinity: ${service.spec?.sessionAffinity ?? 'None'}`, ...(viaIngress.length ? [`ingress(es) ${viaIngress.join(', ')}: no ${affinityAnnotation} annotation`] : [])],
    remedy: [
      'Best: keep sessions in a shared store (Redis, the database) or in signed cookies/JWTs, so any replica can serve any user.',
      viaIngress.length
        ? `Or pin users at the ingress: annotate the Ingress with ${affinityAnnotation}: cookie and ${affinityModeAnnotation}: persistent (ingress-nginx).`
        : 'Or pin clients: spec.sessionAffinity: ClientIP on the Service (only when clients reach it directly, not through a proxy or SNAT).',
    ],
  }
}

function ineffectiveAffinity(snapshot: NetworkSnapshot): Finding | undefined {
  const {service, ingresses} = snapshot
  const subject = `service/${service.metadata.name}`
  const balanced = ingresses.find((i) => cookieAffinity(i) === 'cookie' && (i.metadata.annotations?.[affinityModeAnnotation] ?? 'balanced') === 'balanced')
  if (balanced && snapshot.readyBackends >= 2) {
    return {
      code: 'SessionAffinityRebalanced',
      severity: 'info',
      subject,
      summary: `Ingress ${balanced.metadata.name} pins users with a cookie in affinity-mode balanced (the default): when the replicas scale, ingress-nginx moves some sessions to other replicas, which users see as logouts.`,
      evidence: [`ingress ${balanced.metadata.name}: ${affinityAnnotation}=cookie, ${affinityModeAnnotation}=${balanced.metadata.annotations?.[affinityModeAnnotation] ?? '<unset> (balanced)'}`],
      remedy: [`kubectl annotate ingress ${balanced.metadata.name} -n ${balanced.metadata.namespace ?? 'default'} ${affinityModeAnnotation}=persistent --overwrite`, 'Or keep sessions in a shared store.'],
    }
  }
  if (service.spec?.sessionAffinity !== 'ClientIP') return undefined
  const proxied = ingresses.length > 0
  const snat = service.spec.type !== 'ClusterIP' && service.spec.type !== undefined && (service.spec.externalTrafficPolicy ?? 'Cluster') === 'Cluster'
  if (!proxied && !snat) return undefined
  return {
    code: 'SessionAffinityIneffective',
    severity: 'info',
    subject,
    summary: proxied
      ? `The Service pins clients by source IP (sessionAffinity: ClientIP), but it is reached through an ingress controller, so the source is the controller's pod: users are not pinned, whole controller pods are.`
      : `The Service pins clients by source IP (sessionAffinity: ClientIP), but with externalTrafficPolicy: Cluster the source is rewritten (SNAT) to a node's IP, so users are not reliably pinned.`,
    evidence: [`spec.sessionAffinity: ClientIP`, `spec.type: ${service.spec.type ?? 'ClusterIP'}, externalTrafficPolicy: ${service.spec.externalTrafficPolicy ?? '<unset>'}`, ...ingresses.map((i) => `routed by ingress ${i.metadata.name}`)],
    remedy: proxied ? [`Use the ingress's cookie affinity instead (${affinityAnnotation}: cookie), or shared session storage.`] : ['Set externalTrafficPolicy: Local to keep client IPs, or use cookie affinity at an ingress, or shared session storage.'],
  }
}

function checkNetwork(snapshot: NetworkSnapshot): Finding[] {
  return [hairpin(snapshot), noAffinity(snapshot), ineffectiveAffinity(snapshot)].filter((f): f is Finding => f !== undefined)
}

export const networkRule: Rule<NetworkSnapshot> = {name: 'network', check: checkNetwork}
