/**
 * The I/O edge of `diagnose audit` on a live cluster: workloads, bare pods and nodes are read
 * page by page (pages of 500) and handed to the engine one at a time, so memory stays flat on
 * 2,000 nodes / 60,000 pods. A read that is forbidden or not served becomes a note, and the
 * checks that need it are skipped with the reason.
 */
import {KubeError} from '../../kube/errors.js'
import type {DiagnoseClient} from '../gather.js'
import type {Node} from '../objects.js'
import {UserError} from '../../errors.js'
import {parseTarget} from '../target.js'
import type {AnyAuditCheck} from './check.js'
import {auditChecks} from './checks/index.js'
import {AuditRun} from './engine.js'
import type {Audit, AuditInput} from './model.js'
import {isSystemNamespace, viewOf, workloadKinds, type AnyObject} from './views.js'

export interface AuditOptions {
  /** The namespace to audit (ignored with allNamespaces). */
  namespace: string
  allNamespaces: boolean
  /** `deployment/web`, `sts/db`: audit one workload. */
  object?: string | undefined
  /** Audit kube-system and friends too (the platform's own workloads). */
  includeSystem: boolean
  /** Failing objects listed per check. */
  top: number
  checks?: readonly AnyAuditCheck[]
}

const pageSize = 500

function why(error: unknown): string {
  if (error instanceof KubeError) return error.reason === 'not-found' ? `the server does not serve it (404)` : error.message
  return error instanceof Error ? error.message : String(error)
}

class ClusterAudit {
  readonly unavailable: Partial<Record<AuditInput, string>> = {}
  readonly notes: string[] = []
  readonly limitRanges = new Map<string, boolean>()
  limitRangesKnown = true
  readonly quotas = new Map<string, number>()
  readonly seen = new Set<string>()

  constructor(
    private readonly client: DiagnoseClient,
    private readonly options: AuditOptions,
    readonly run: AuditRun,
  ) {}

  private wanted(namespace: string): boolean {
    return this.options.includeSystem || !this.options.allNamespaces || !isSystemNamespace(namespace)
  }

  private namespacePath(plural: string): string {
    return this.options.allNamespaces ? `/api/v1/${plural}` : `/api/v1/namespaces/${encodeURIComponent(this.options.namespace)}/${plural}`
  }

  async readLimitRanges(): Promise<void> {
    try {
      for await (const page of this.client.listRawPages<AnyObject>(this.namespacePath('limitranges'), pageSize)) {
        for (const lr of page) {
          const limits = ((lr.spec as {limits?: Array<{type?: string; default?: object; defaultRequest?: object}>} | undefined)?.limits ?? [])
          if (limits.some((l) => l.type === 'Container' && (l.default || l.defaultRequest))) this.limitRanges.set(lr.metadata?.namespace ?? '', true)
        }
      }
    } catch (error) {
      this.limitRangesKnown = false
      this.notes.push(`could not list LimitRanges: ${why(error)}; container defaults they might supply were not considered by the resources check`)
    }
  }

  async readQuotas(): Promise<void> {
    try {
      for await (const page of this.client.listRawPages<AnyObject>(this.namespacePath('resourcequotas'), pageSize)) {
        for (const q of page) this.quotas.set(q.metadata?.namespace ?? '', (this.quotas.get(q.metadata?.namespace ?? '') ?? 0) + 1)
      }
    } catch (error) {
      this.unavailable.resourcequotas = `could not list ResourceQuotas: ${why(error)}`
    }
  }

  async readWorkloads(): Promise<void> {
    const failed: string[] = []
    for (const {kind, resource} of workloadKinds) {
      try {
        const options = this.options.allNamespaces ? {allNamespaces: true, pageSize} : {namespace: this.options.namespace, pageSize}
        for await (const page of this.client.listPages<AnyObject>(resource, options)) {
          for (const object of page) {
            const view = viewOf(kind, object, this.options.namespace)
            if (!view || !this.wanted(view.namespace)) continue
            view.limitRangeDefaults = this.limitRangesKnown ? this.limitRanges.get(view.namespace) === true : undefined
            this.seen.add(view.namespace)
            this.run.addWorkload(view)
          }
        }
      } catch (error) {
        failed.push(resource)
        this.notes.push(`could not list ${resource}: ${why(error)}; their pod templates were not audited`)
      }
    }
    if (failed.length === workloadKinds.length) this.unavailable.workloads = 'no workload kind could be listed (see the notes)'
  }

  async readNodes(): Promise<void> {
    if (!this.options.allNamespaces) {
      this.unavailable.nodes = 'nodes are cluster-wide: audit with -A to check them'
      return
    }
    try {
      for await (const page of this.client.listPages<Node>('nodes', {pageSize})) for (const node of page) this.run.addNode(node)
    } catch (error) {
      this.unavailable.nodes = `could not list nodes: ${why(error)}`
    }
  }

  namespaces(): void {
    if (this.unavailable.resourcequotas) return
    const names = this.options.allNamespaces ? [...this.seen] : [this.options.namespace]
    for (const name of names.sort()) this.run.addNamespace({name, quotas: this.quotas.get(name) ?? 0})
  }
}

/** One workload, read by name: only its pod template is checked. */
async function auditObject(client: DiagnoseClient, options: AuditOptions, run: AuditRun): Promise<Audit> {
  const target = parseTarget(options.object!, undefined)
  const entry = workloadKinds.find((k) => k.resource === target.resource)
  if (!entry) throw new UserError(`diagnose audit checks workloads: give deployment/NAME, statefulset/NAME, daemonset/NAME, job/NAME, cronjob/NAME or pod/NAME, not "${options.object}"`)
  const object = (await client.get(entry.resource, target.name, options.namespace)) as AnyObject
  const view = viewOf(entry.kind, {...object, metadata: {...object.metadata, ownerReferences: []}}, options.namespace)
  if (!view) throw new UserError(`${options.object} has no pod template to audit`)
  const notes: string[] = []
  const audit = new ClusterAudit(client, {...options, allNamespaces: false}, run)
  await audit.readLimitRanges()
  view.limitRangeDefaults = audit.limitRangesKnown ? audit.limitRanges.get(view.namespace) === true : undefined
  run.addWorkload(view)
  const single = 'an audit of one object checks its pod template only'
  return run.finish(`${entry.kind.toLowerCase()} ${view.namespace}/${view.name}`, {nodes: single, resourcequotas: single}, [...notes, ...audit.notes])
}

export async function auditCluster(client: DiagnoseClient, options: AuditOptions): Promise<Audit> {
  const run = new AuditRun(options.checks ?? auditChecks, options.top)
  if (options.object) return auditObject(client, options, run)
  const audit = new ClusterAudit(client, options, run)
  await Promise.all([audit.readLimitRanges(), audit.readQuotas()])
  await audit.readWorkloads()
  await audit.readNodes()
  audit.namespaces()
  if (!options.allNamespaces) audit.seen.add(options.namespace)
  const scope = options.allNamespaces ? `all namespaces${options.includeSystem ? '' : ' (kube-system, kube-public, kube-node-lease left out; --include-system audits them)'}` : `namespace ${options.namespace}`
  return run.finish(scope, audit.unavailable, audit.notes)
}
