// The kinds and subresources every real cluster serves, with the real kubectl as the oracle:
// discovery, `kubectl create` of each (protobuf bodies), the printers.go columns, drain through
// pods/eviction against a PodDisruptionBudget, TokenRequest tokens the sandbox then accepts,
// CRDs that make their custom resources served, PVC provisioning, and pods that go as soon as
// their containers stop. Simulated delays run 20 times faster; waits poll for the state.
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {request as httpsRequest} from 'node:https'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSandbox, type Sandbox} from '../../src/sandbox/index.js'
import {run} from '../helpers/run.js'
import {waitFor} from './controllers/helpers.js'

describe('the kinds a real cluster always serves', () => {
  let sandbox: Sandbox
  let dir: string
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', sandbox.kubeconfigPath, ...args], {HOME: '/nonexistent'})
  const apply = async (name: string, text: string) => {
    const path = join(dir, name)
    await writeFile(path, text)
    return kubectl('apply', '-f', path)
  }

  /** A POST to the sandbox with the admin token, trusting its CA. */
  const post = (path: string, body: object) =>
    new Promise<{status: number; body: string}>((resolve, reject) => {
      const request = httpsRequest(`${sandbox.url}${path}`, {method: 'POST', ca: sandbox.ca, headers: {authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json'}}, (response) => {
        let text = ''
        response.setEncoding('utf8').on('data', (d: string) => (text += d))
        response.on('end', () => resolve({status: response.statusCode ?? 0, body: text}))
      })
      request.on('error', reject)
      request.end(JSON.stringify(body))
    })

  beforeAll(async () => {
    sandbox = await startSandbox({scenario: 'demo', controllers: {timeScale: 0.05}})
    dir = await mkdtemp(join(tmpdir(), 'kubekit-kinds-'))
  })
  afterAll(async () => {
    await sandbox?.stop()
    if (dir) await rm(dir, {recursive: true, force: true})
  })

  it('lists the groups, short names and subresources in discovery', async () => {
    const resources = await kubectl('api-resources', '--no-headers', '-o', 'wide')
    expect(resources.stderr).toBe('')
    const row = (name: string) => resources.stdout.split('\n').find((l) => l.startsWith(`${name} `))?.split(/\s+/)
    expect(row('storageclasses')?.slice(0, 4)).toEqual(['storageclasses', 'sc', 'storage.k8s.io/v1', 'false'])
    expect(row('ingresses')?.slice(0, 4)).toEqual(['ingresses', 'ing', 'networking.k8s.io/v1', 'true'])
    expect(row('poddisruptionbudgets')?.slice(0, 4)).toEqual(['poddisruptionbudgets', 'pdb', 'policy/v1', 'true'])
    expect(row('priorityclasses')?.slice(0, 4)).toEqual(['priorityclasses', 'pc', 'scheduling.k8s.io/v1', 'false'])
    expect(row('horizontalpodautoscalers')?.slice(0, 4)).toEqual(['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', 'true'])
    expect(row('customresourcedefinitions')?.slice(0, 4)).toEqual(['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false'])
    for (const name of ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings', 'networkpolicies', 'ingressclasses', 'csinodes', 'csidrivers', 'volumeattachments', 'leases', 'selfsubjectreviews', 'selfsubjectrulesreviews']) expect(row(name), name).toBeDefined()
  })

  it('shows what the demo cluster always has with the real columns', async () => {
    const classes = await kubectl('get', 'storageclass,priorityclass,ingressclass')
    expect(classes.stdout).toMatch(/storageclass.storage.k8s.io\/standard \(default\)\s+ebs.csi.aws.com\s+Delete\s+WaitForFirstConsumer\s+true/)
    expect(classes.stdout).toMatch(/priorityclass.scheduling.k8s.io\/system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority/)
    expect(classes.stdout).toMatch(/ingressclass.networking.k8s.io\/nginx\s+k8s.io\/ingress-nginx\s+<none>/)
    const ingress = await kubectl('get', 'ingress', '-n', 'shop')
    expect(ingress.stdout).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\nweb\s+nginx\s+shop.example.com\s+203.0.113.50\s+80, 443\s+9d\n$/)
    expect((await kubectl('get', 'pods', '-A', '--no-headers')).stdout.trim().split('\n')).toHaveLength(25)
    // The controller behind the nginx class runs, labelled as the ingress-nginx chart labels it, behind the Ingress's address.
    const controller = await kubectl('get', 'pods,svc', '-A', '-l', 'app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller', '--no-headers')
    expect(controller.stdout).toMatch(/^ingress-nginx\s+pod\/ingress-nginx-controller-\w+-\w{5}\s+1\/1\s+Running\s+0\s+11d\ningress-nginx\s+service\/ingress-nginx-controller\s+LoadBalancer\s+10.96.120.7\s+203.0.113.50\s+80:30480\/TCP,443:30443\/TCP\s+11d\n$/)
  })

  it('creates RBAC objects and a PriorityClass with kubectl create (protobuf) and prints them', async () => {
    for (const args of [
      ['create', 'role', 'pod-reader', '-n', 'shop', '--verb=get,list', '--resource=pods'],
      ['create', 'rolebinding', 'read-pods', '-n', 'shop', '--role=pod-reader', '--user=alice', '--serviceaccount=shop:default'],
      ['create', 'clusterrole', 'node-reader', '--verb=get', '--resource=nodes'],
      ['create', 'clusterrolebinding', 'read-nodes', '--clusterrole=node-reader', '--group=ops'],
      ['create', 'priorityclass', 'batch-low', '--value=100', '--description=batch'],
    ]) {
      const created = await kubectl(...args)
      expect(created.stderr, args.join(' ')).toBe('')
    }
    const role = await kubectl('get', 'role', 'pod-reader', '-n', 'shop')
    expect(role.stdout).toMatch(/^NAME\s+CREATED AT\npod-reader\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/)
    const binding = await kubectl('get', 'rolebinding', 'read-pods', '-n', 'shop', '-o', 'wide')
    expect(binding.stdout).toMatch(/read-pods\s+Role\/pod-reader\s+\S+\s+alice\s+shop\/default/)
    const rules = await kubectl('get', 'role', 'pod-reader', '-n', 'shop', '-o', 'jsonpath={.rules[0].verbs}')
    expect(rules.stdout).toBe('["get","list"]')
    const pc = await kubectl('get', 'pc', 'batch-low', '--no-headers')
    expect(pc.stdout).toMatch(/^batch-low\s+100\s+false\s+\S+\s+PreemptLowerPriority\n$/)
  })

  it('drains through pods/eviction: a PDB that would be violated answers 429, then allows one at a time', async () => {
    await kubectl('create', 'pdb', 'web', '-n', 'shop', '--selector=app=web', '--min-available=3')
    await waitFor('the PDB status', () => (sandbox.store.get('poddisruptionbudgets.policy', 'shop', 'web')?.object.status as {observedGeneration?: number} | undefined)?.observedGeneration === 1)
    const pod = sandbox.store.list('pods', {namespace: 'shop', filter: (e) => e.object.metadata?.labels?.app === 'web'}).entries[0]!.object
    const refused = await post(`/api/v1/namespaces/shop/pods/${pod.metadata!.name}/eviction`, {apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name: pod.metadata!.name, namespace: 'shop'}})
    expect(refused.status).toBe(429)
    expect(JSON.parse(refused.body)).toMatchObject({reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget.", details: {causes: [{reason: 'DisruptionBudget', message: 'The disruption budget web needs 3 healthy pods and has 3 currently'}]}})
    const pdb = await kubectl('get', 'pdb', '-n', 'shop', 'web', '--no-headers')
    expect(pdb.stdout).toMatch(/^web\s+3\s+N\/A\s+0\s+/)
    await kubectl('patch', 'pdb', 'web', '-n', 'shop', '--type=merge', '-p', '{"spec":{"minAvailable":2}}')
    await waitFor('one disruption allowed', () => (sandbox.store.get('poddisruptionbudgets.policy', 'shop', 'web')?.object.status as {disruptionsAllowed?: number}).disruptionsAllowed === 1)
    const node = (pod.spec as {nodeName: string}).nodeName
    const drained = await kubectl('drain', node, '--ignore-daemonsets', '--pod-selector=app=web', '--timeout=60s')
    expect(drained.code, drained.stderr).toBe(0)
    expect(drained.stdout).toContain(`node/${node} drained`)
    expect(sandbox.store.get('pods', 'shop', pod.metadata!.name!)).toBeUndefined()
    await kubectl('uncordon', node)
  })

  it('issues a service account token that authenticates as the service account until it is deleted', async () => {
    const token = (await kubectl('create', 'token', 'default', '-n', 'shop')).stdout.trim()
    expect(token.split('.')).toHaveLength(3)
    const whoami = await kubectl('--token', token, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}')
    expect(whoami.stdout).toBe('system:serviceaccount:shop:default')
    await kubectl('delete', 'serviceaccount', 'default', '-n', 'shop')
    const after = await kubectl('--token', token, 'get', 'pods', '-n', 'shop')
    expect(after.stderr).toContain('Unauthorized')
  })

  it('serves a CRD’s custom resources while the CRD exists', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
`
    expect((await apply('crd.yaml', crd)).stderr).toBe('')
    await waitFor('Established', () => JSON.stringify(sandbox.store.get('customresourcedefinitions.apiextensions.k8s.io', undefined, 'widgets.example.com')?.object.status ?? {}).includes('Established'))
    expect((await apply('widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: default}\nspec: {size: 3}\n')).stdout).toBe('widget.example.com/w1 created\n')
    expect((await kubectl('get', 'wd')).stdout).toMatch(/^NAME\s+SIZE\nw1\s+3\n$/)
    expect((await kubectl('api-resources', '--api-group=example.com', '--no-headers')).stdout).toMatch(/^widgets\s+wd\s+example.com\/v1\s+true\s+Widget\n$/)
    await kubectl('delete', 'crd', 'widgets.example.com')
    const gone = await kubectl('get', 'widgets.example.com')
    expect(gone.code).toBe(1)
  })

  it('provisions a volume for a claim of the default class once a pod uses it (WaitForFirstConsumer)', async () => {
    expect((await apply('claim.yaml', 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: default}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}\n')).stderr).toBe('')
    const claim = sandbox.store.get('persistentvolumeclaims', 'default', 'data')!.object
    expect((claim.spec as {storageClassName?: string}).storageClassName).toBe('standard')
    expect((await apply('user.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: user, namespace: default}\nspec:\n  containers: [{name: app, image: busybox:1.36}]\n  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n')).stderr).toBe('')
    await waitFor('the claim bound', () => (sandbox.store.get('persistentvolumeclaims', 'default', 'data')?.object.status as {phase?: string}).phase === 'Bound', 15_000)
    const pvc = await kubectl('get', 'pvc', 'data', '--no-headers')
    expect(pvc.stdout).toMatch(new RegExp(`^data\\s+Bound\\s+pvc-${claim.metadata!.uid}\\s+5Gi\\s+RWO\\s+standard\\s+<unset>\\s+`))
    const pv = await kubectl('get', 'pv', `pvc-${claim.metadata!.uid}`, '--no-headers')
    expect(pv.stdout).toMatch(/5Gi\s+RWO\s+Delete\s+Bound\s+default\/data\s+standard\s+<unset>/)
  })

  it('removes a deleted pod once its containers stop, and only after the grace period when they ignore SIGTERM', async () => {
    expect((await apply('quick.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: quick, namespace: default}\nspec: {terminationGracePeriodSeconds: 600, containers: [{name: app, image: busybox:1.36}]}\n')).stderr).toBe('')
    expect((await apply('stubborn.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: stubborn, namespace: default, annotations: {sandbox.kubekit.dev/ignore-sigterm: "true"}}\nspec: {terminationGracePeriodSeconds: 600, containers: [{name: app, image: busybox:1.36}]}\n')).stderr).toBe('')
    await waitFor('both running', () => ['quick', 'stubborn'].every((n) => (sandbox.store.get('pods', 'default', n)?.object.status as {phase?: string} | undefined)?.phase === 'Running'))
    const deleted = await kubectl('delete', 'pod', 'quick', 'stubborn', '--wait=false')
    expect(deleted.stderr).toBe('')
    await waitFor('quick gone', () => !sandbox.store.get('pods', 'default', 'quick'))
    const stubborn = sandbox.store.get('pods', 'default', 'stubborn')?.object
    expect(stubborn?.metadata?.deletionTimestamp).toBeDefined()
    expect((await kubectl('get', 'pod', 'stubborn', '--no-headers')).stdout).toMatch(/Terminating/)
  })
})
