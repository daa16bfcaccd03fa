/**
 * `--prompt` / `-p`: choose what to tail interactively, then tail it. stern's `-p` offers the
 * values of one label (app.kubernetes.io/instance); kubekit offers the pods the other flags
 * select (QUERY, -l, --field-selector, --node, --condition, -n/-A), then, when the chosen pod
 * has several matching containers, one of them. As in stern, the pods are sorted, the choice is
 * offered even when there is only one candidate, and no candidate at all is an error.
 */
import {escapeRegex} from './query.js'
import {sessionOptions, TailUsageError, type TailFlags} from './options.js'
import type {PodSelection, SessionOptions} from './session.js'
import {conditionMatches, containerMatches, containersOf, podMatches, type PodShape} from './targets.js'

/** Shows a list and resolves to the item chosen, or undefined when the user cancels (Esc). */
export type Choose = (request: {items: readonly string[]; prompt: string}) => Promise<string | undefined>

/** What the chosen pod and container turn the flags into. */
export interface Choice {
  flags: TailFlags
  /** One line for stderr saying what was chosen (stern prints the selector it chose). */
  note: string
}

/** The pods the flags select, in each namespace they name (or every namespace). */
async function selectedPods(list: (selection: PodSelection) => Promise<PodShape[]>, options: SessionOptions): Promise<PodShape[]> {
  const base = {labelSelector: options.labelSelector, fieldSelector: options.fieldSelector}
  const selections = options.allNamespaces ? [{...base, allNamespaces: true}] : options.namespaces.map((namespace) => ({...base, namespace}))
  const lists = await Promise.all(selections.map((selection) => list(selection)))
  return lists.flat().filter((pod) => podMatches(options.filter, pod.metadata.name) && conditionMatches(options.filter.condition, pod))
}

/** The containers of a pod the container flags keep (init first, as the kubelet runs them). */
export function containerNames(pod: PodShape, options: Pick<SessionOptions, 'filter'>): string[] {
  return containersOf(pod)
    .filter((c) => containerMatches(options.filter, c.kind, c.name))
    .map((c) => c.name)
}

/** `namespace/pod` when the pods come from several namespaces, else the pod's name; sorted. */
export function podItems(pods: readonly PodShape[], showNamespace: boolean, defaultNamespace: string): Map<string, PodShape> {
  const label = (pod: PodShape) => (showNamespace ? `${pod.metadata.namespace ?? defaultNamespace}/${pod.metadata.name}` : pod.metadata.name)
  return new Map([...pods].map((pod) => [label(pod), pod] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function where(options: SessionOptions): string {
  if (options.allNamespaces) return 'in any namespace'
  return options.namespaces.length === 1 ? `in namespace "${options.namespaces[0]}"` : `in namespaces ${options.namespaces.join(', ')}`
}

/**
 * Asks for a pod (and a container when it has several that the flags keep) and returns the
 * flags narrowed to exactly that: `pod/NAME` in its namespace, `-c ^NAME$`.
 */
export async function promptChoice(list: (selection: PodSelection) => Promise<PodShape[]>, flags: TailFlags, defaultNamespace: string, choose: Choose): Promise<Choice> {
  const options = sessionOptions(flags, defaultNamespace)
  const items = podItems(await selectedPods(list, options), options.format.showNamespace, defaultNamespace)
  const selection = options.selectionText ? ` ${options.selectionText}` : ''
  if (items.size === 0) throw new TailUsageError(`--prompt: no pod${selection} ${where(options)} to choose from`)
  const podItem = await choose({items: [...items.keys()], prompt: 'pod'})
  if (podItem === undefined) throw new TailUsageError('--prompt: no pod chosen')
  const pod = items.get(podItem)!
  const namespace = pod.metadata.namespace ?? defaultNamespace
  const containers = containerNames(pod, options)
  if (containers.length === 0) throw new TailUsageError(`--prompt: pod "${pod.metadata.name}" has no container${flags.container ? ` matching -c ${flags.container}` : ''} to tail`)
  const container = containers.length > 1 ? await choose({items: containers, prompt: `container of ${pod.metadata.name}`}) : undefined
  if (containers.length > 1 && container === undefined) throw new TailUsageError('--prompt: no container chosen')
  const narrowed: TailFlags = {...flags, query: `pod/${pod.metadata.name}`, namespace, allNamespaces: false, container: container === undefined ? flags.container : `^${escapeRegex(container)}$`}
  return {flags: narrowed, note: `Pod: ${namespace}/${pod.metadata.name}${container === undefined ? '' : `, container: ${container}`}`}
}

/** --prompt draws on stderr and reads keys from stdin: both must be a terminal. */
export function checkPromptTerminal(stdinIsTty: boolean, stderrIsTty: boolean, fromStdin: boolean): void {
  if (fromStdin) throw new TailUsageError('--prompt chooses a pod of a cluster; --stdin reads logs from a pipe: drop one of them')
  if (!stdinIsTty || !stderrIsTty) {
    throw new TailUsageError('--prompt needs a terminal to choose on (stdin and stderr), and this run has none: name the pods instead, e.g. kubectl tail QUERY -n NAMESPACE')
  }
}
