/** The session's view of a cluster, on top of the one API client. */
import type {KubeClient, KubeObject} from '../kube/client.js'
import type {PodSelection, PodSource} from './session.js'
import type {PodShape} from './targets.js'

/** A pod as the client returns it, with the fields tailing reads typed. */
type Pod = KubeObject & PodShape

export function podSource(client: KubeClient): PodSource {
  return {
    async list(selection: PodSelection) {
      const {items} = await client.list<Pod>('pods', selection)
      return items
    },
    async sync(selection, handlers) {
      await client.sync<Pod>('pods', {...selection, ...handlers})
    },
    openLog(namespace, pod, container, request, signal) {
      return client.podLogs(namespace, pod, {
        container,
        follow: request.follow,
        previous: request.previous,
        timestamps: true,
        sinceSeconds: request.sinceSeconds,
        sinceTime: request.sinceTime,
        tailLines: request.tailLines,
        signal,
      })
    },
  }
}
