/** A PersistentVolumeClaim: its class (a kind the cluster may not serve), provisioner events, the pods that mount it. */
import {assembleDiagnosis, rankFindings, runRules, type Diagnoser} from '../core.js'
import {listForVerdict, objectEvents, servedLookup} from '../gather.js'
import type {ClaimSnapshot, Diagnosis} from '../model.js'
import type {PersistentVolumeClaim, Pod, StorageClass} from '../objects.js'
import {claimNames} from '../references.js'
import {claimRules} from '../rules/index.js'

const defaultAnnotation = 'storageclass.kubernetes.io/is-default-class'

/** The default class's name, null when there is none, undefined when the classes could not be read. */
export function defaultClassOf(classes: readonly StorageClass[] | undefined): string | null | undefined {
  if (!classes) return undefined
  return classes.find((c) => c.metadata.annotations?.[defaultAnnotation] === 'true' || c.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true')?.metadata.name ?? null
}

async function gatherClaim(diagnoser: Diagnoser, claim: PersistentVolumeClaim): Promise<ClaimSnapshot> {
  const ns = claim.metadata.namespace ?? diagnoser.options.namespace
  const [events, classes, pods] = await Promise.all([
    objectEvents(diagnoser.client, {name: claim.metadata.name, namespace: ns, uid: claim.metadata.uid}, diagnoser.notes),
    servedLookup(diagnoser.client, 'storageclasses', diagnoser.notes, () => diagnoser.client.list<StorageClass>('storageclasses')),
    listForVerdict(() => diagnoser.client.list<Pod>('pods', {namespace: ns}), diagnoser.notes, `pods in namespace ${ns}`),
  ])
  const list = classes.state === 'found' ? classes.value.items : undefined
  const defaultClass = defaultClassOf(list)
  const wanted = claim.spec?.storageClassName ?? defaultClass ?? undefined
  const found = list?.find((c) => c.metadata.name === wanted)
  const storageClass: ClaimSnapshot['storageClass'] = classes.state !== 'found' ? (classes.state === 'unknown' ? classes : undefined) : wanted === undefined || wanted === '' ? undefined : found ? {state: 'found', value: found} : {state: 'missing'}
  const using = pods?.filter((p) => claimNames(p).includes(claim.metadata.name))
  return {claim, events, storageClass, defaultClass, pods: using}
}

export async function diagnoseClaim(diagnoser: Diagnoser, name: string): Promise<Diagnosis> {
  const ns = diagnoser.options.namespace
  const claim = await diagnoser.client.get<PersistentVolumeClaim>('persistentvolumeclaims', name, ns)
  const snapshot = await gatherClaim(diagnoser, claim)
  const own = runRules(claimRules, snapshot, diagnoser.context)
  const podResults = claim.status?.phase === 'Bound' ? await diagnoser.pods(snapshot.pods ?? []) : []
  const findings = rankFindings(own, podResults.flatMap((r) => r.findings))
  const checked = [
    `phase ${claim.status?.phase ?? 'unknown'}${claim.spec?.volumeName ? `, volume ${claim.spec.volumeName}` : ''}`,
    `storageClassName ${claim.spec?.storageClassName ?? '<unset>'}${snapshot.defaultClass ? ` (default class: ${snapshot.defaultClass})` : ''}`,
  ]
  if (snapshot.pods) checked.push(`mounted by: ${snapshot.pods.map((p) => p.metadata.name).join(', ') || 'no pod'}`)
  return assembleDiagnosis({target: {kind: 'PersistentVolumeClaim', name, namespace: ns}, findings, events: [...snapshot.events, ...podResults.flatMap((r) => r.snapshot.events)], podResults, maxEvents: 40, checked}, diagnoser.notes)
}
