/**
 * "The Ingress names class "nginx", but no ingress-nginx controller runs, so nothing serves it"
 * ... down the chain: load balancer address → Ingress (class, controller, rules, TLS Secret) →
 * backend Service (exists, port) → its endpoints (the Service rule) → pods. The first broken
 * link is the root cause; the production order of checks on managed clusters such as ACK.
 */
import {type Rule} from '../facts.js'
import type {Finding, IngressBackendView, IngressSnapshot} from '../model.js'
import type {Service} from '../objects.js'

/** Label selectors of the controller pods, by IngressClass spec.controller: the labels each controller's own manifests and charts give them. */
export const controllerSelectors: Record<string, string[]> = {
  'k8s.io/ingress-nginx': ['app.kubernetes.io/name=ingress-nginx', 'app=ingress-nginx'],
  'traefik.io/ingress-controller': ['app.kubernetes.io/name=traefik'],
  'ingress.k8s.aws/alb': ['app.kubernetes.io/name=aws-load-balancer-controller'],
  'ingress-controllers.konghq.com/kong': ['app.kubernetes.io/name=kong'],
  'nginx.org/ingress-controller': ['app.kubernetes.io/name=nginx-ingress', 'app=nginx-ingress'],
}

function subject(snapshot: IngressSnapshot): string {
  return `ingress/${snapshot.ingress.metadata.name}`
}

function classLink(snapshot: IngressSnapshot): Finding | undefined {
  const {ingress, ingressClass} = snapshot
  const legacy = ingress.metadata.annotations?.['kubernetes.io/ingress.class']
  if (!ingressClass && !legacy) {
    return {
      code: 'IngressClassUnset',
      severity: 'critical',
      subject: subject(snapshot),
      summary: 'The Ingress names no class (spec.ingressClassName) and the cluster has no default IngressClass, so no controller picks it up.',
      evidence: ['spec.ingressClassName: <unset>', 'annotation kubernetes.io/ingress.class: <unset>', 'no IngressClass has ingressclass.kubernetes.io/is-default-class: "true"'],
      remedy: ['Set spec.ingressClassName to your controller\'s class (kubectl get ingressclass), or mark that class as the default.'],
    }
  }
  if (ingressClass?.state !== 'missing') return undefined
  return {
    code: 'IngressClassMissing',
    severity: 'critical',
    subject: subject(snapshot),
    summary: `The Ingress names IngressClass "${ingressClass.name}", which does not exist, so no controller serves it.`,
    evidence: [`spec.ingressClassName=${ingressClass.name}; kubectl get ingressclass ${ingressClass.name}: NotFound`],
    remedy: ['Fix spec.ingressClassName to an existing class (kubectl get ingressclass), or install the controller that brings that class.'],
  }
}

function controllerLink(snapshot: IngressSnapshot): Finding | undefined {
  const {ingressClass, controllerPods} = snapshot
  if (ingressClass?.state !== 'found' || controllerPods === undefined) return undefined
  const running = controllerPods.filter((p) => p.status?.phase === 'Running')
  if (running.length > 0) return undefined
  const controller = ingressClass.value.spec?.controller ?? ''
  const labels = (controllerSelectors[controller] ?? []).join(' or ')
  // The pods are found by their usual labels: a controller deployed with others is not seen, so say what was searched.
  const address = (snapshot.ingress.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).filter(Boolean)
  return {
    code: 'IngressControllerMissing',
    severity: 'critical',
    subject: subject(snapshot),
    summary: `IngressClass "${ingressClass.name}" belongs to controller ${controller}, but no running pod in any namespace carries that controller's labels (${labels}): if it is not running, nothing serves this Ingress.`,
    evidence: [
      `ingressclass/${ingressClass.name} spec.controller=${controller}`,
      `controller pods found: ${controllerPods.length} (${controllerPods.map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name} ${p.status?.phase ?? ''}`).join(', ') || 'none'})`,
      ...(address.length ? [`status.loadBalancer: ${address.join(', ')} (a controller wrote it when it served this Ingress)`] : []),
    ],
    remedy: ['Install or repair the controller (helm status / kubectl get pods -A | grep ingress); kubectl diagnose pod on its pod if it exists but fails.'],
  }
}

function addressLink(snapshot: IngressSnapshot): Finding | undefined {
  if ((snapshot.ingress.status?.loadBalancer?.ingress ?? []).length > 0) return undefined
  return {
    code: 'IngressNoAddress',
    severity: 'warning',
    subject: subject(snapshot),
    summary: 'The Ingress has no address (status.loadBalancer is empty): its controller has not admitted it, or the controller\'s own LoadBalancer Service has no external IP yet, so DNS has nothing to point at.',
    evidence: ['status.loadBalancer.ingress: <none>'],
    remedy: ["kubectl get svc -A | grep -i ingress  # the controller's LoadBalancer Service: EXTERNAL-IP <pending> means the cloud LB is not created (quota, annotations, SLB/ALB permissions on ACK)", "Read the controller's log for this Ingress (admission or validation errors)."],
  }
}

function rulesLink(snapshot: IngressSnapshot): Finding | undefined {
  const spec = snapshot.ingress.spec
  if (spec?.defaultBackend || (spec?.rules ?? []).some((r) => (r.http?.paths ?? []).length > 0)) return undefined
  return {
    code: 'IngressNoRules',
    severity: 'critical',
    subject: subject(snapshot),
    summary: 'The Ingress has no rules with paths and no defaultBackend: it routes nothing.',
    evidence: [`spec.rules: ${JSON.stringify(spec?.rules ?? [])}`],
    remedy: ['Add rules[].http.paths with a backend Service, or a defaultBackend.'],
  }
}

function tlsLink(snapshot: IngressSnapshot): Finding[] {
  const ns = snapshot.ingress.metadata.namespace ?? 'default'
  return Object.entries(snapshot.tlsSecrets)
    .filter(([, lookup]) => lookup.state === 'missing')
    .map(([name]) => ({
      code: 'IngressTlsSecretMissing',
      severity: 'critical' as const,
      subject: subject(snapshot),
      summary: `TLS Secret "${name}" does not exist in namespace ${ns}: the controller serves its default (self-signed) certificate for these hosts, and browsers refuse it.`,
      evidence: [`spec.tls[].secretName=${name}; kubectl get secret ${name} -n ${ns}: NotFound (read as metadata only)`],
      remedy: [`kubectl create secret tls ${name} --cert=tls.crt --key=tls.key -n ${ns}  (or check the cert-manager Certificate that should create it: kubectl get certificate -n ${ns})`],
    }))
}

function portMatches(service: Service, port: string | number | undefined): boolean {
  if (port === undefined) return true
  return (service.spec?.ports ?? []).some((p) => (typeof port === 'number' ? p.port === port : p.name === port))
}

function backendLink(snapshot: IngressSnapshot, backend: IngressBackendView): Finding | undefined {
  const ns = snapshot.ingress.metadata.namespace ?? 'default'
  if (backend.lookup.state === 'missing') {
    return {
      code: 'IngressBackendServiceMissing',
      severity: 'critical',
      subject: subject(snapshot),
      summary: `The backend Service "${backend.service}" (${backend.from}) does not exist in namespace ${ns}: requests there get 503 from the controller.`,
      evidence: [`${backend.from} → service ${backend.service}:${backend.port ?? ''}; kubectl get service ${backend.service} -n ${ns}: NotFound`],
      remedy: [`Fix the backend service name in the Ingress, or create the Service (an Ingress and its backends must be in the same namespace).`],
    }
  }
  if (backend.lookup.state !== 'found' || portMatches(backend.lookup.value, backend.port)) return undefined
  const ports = (backend.lookup.value.spec?.ports ?? []).map((p) => `${p.name ?? '<unnamed>'}=${p.port}`).join(', ')
  return {
    code: 'IngressBackendPortMismatch',
    severity: 'critical',
    subject: subject(snapshot),
    summary: `${backend.from} sends to port ${backend.port ?? ''} of Service "${backend.service}", which has no such port (${ports || 'no ports'}).`,
    evidence: [`backend service.port=${backend.port ?? ''}`, `service/${backend.service} ports: ${ports}`],
    remedy: ['Use the Service port (not the container port) in the Ingress backend, by number or by the port\'s name.'],
  }
}

function checkIngress(snapshot: IngressSnapshot): Finding[] {
  const upstream = [classLink(snapshot), controllerLink(snapshot)].filter((f): f is Finding => f !== undefined)
  // Without a class or controller nothing publishes an address: that is the consequence, not a second cause.
  const address = upstream.length ? undefined : addressLink(snapshot)
  const backends = snapshot.backends.map((b) => backendLink(snapshot, b)).filter((f): f is Finding => f !== undefined)
  return [...upstream, rulesLink(snapshot), ...tlsLink(snapshot), ...backends, address].filter((f): f is Finding => f !== undefined)
}

export const ingressRule: Rule<IngressSnapshot> = {name: 'ingress', check: checkIngress}
