/** Discovery documents (/version, /api, /apis, /api/v1, /apis/<group>/<version>) in the plain JSON form. */
import {groupVersion, type ServedResource} from './resources.js'

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
}

const subresourceVerbs: Record<string, {kind: string; verbs: string[]; group?: string; version?: string}> = {
  scale: {kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update']},
  status: {kind: '', verbs: ['get', 'patch', 'update']},
  log: {kind: 'Pod', verbs: ['get']},
  proxy: {kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update']},
  ephemeralcontainers: {kind: 'Pod', verbs: ['get', 'patch', 'update']},
  eviction: {kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create']},
  token: {kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create']},
}

export class Discovery {
  /** `served`: the resources served now (custom resources come and go with their definitions). */
  constructor(private readonly served: () => ServedResource[]) {}

  private resources(): ServedResource[] {
    return this.served()
  }

  apiVersions(serverAddress: string): object {
    return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}]}
  }

  groupList(): object {
    const groups: Array<{name: string; versions: Array<{groupVersion: string; version: string}>; preferredVersion: {groupVersion: string; version: string}}> = []
    for (const r of this.resources()) {
      if (r.group === '' || groups.some((g) => g.name === r.group)) continue
      const version = {groupVersion: groupVersion(r), version: r.version}
      groups.push({name: r.group, versions: [version], preferredVersion: version})
    }
    return {kind: 'APIGroupList', apiVersion: 'v1', groups}
  }

  group(name: string): object | undefined {
    return (this.groupList() as {groups: Array<{name: string}>}).groups.map((g) => ({kind: 'APIGroup', apiVersion: 'v1', ...g})).find((g) => g.name === name)
  }

  resourceList(groupVersionText: string): object | undefined {
    const resources = this.resources().filter((r) => groupVersion(r) === groupVersionText)
    if (resources.length === 0) return undefined
    const list: object[] = []
    for (const r of resources) {
      const entry: Record<string, unknown> = {name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs}
      if (r.shortNames) entry.shortNames = r.shortNames
      if (r.categories) entry.categories = r.categories
      list.push(entry)
      for (const sub of r.subresources ?? []) {
        const s = subresourceVerbs[sub]!
        const groupVersionOfKind = s.group ? {group: s.group, version: s.version} : {}
        list.push({name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, ...groupVersionOfKind, kind: s.kind || r.kind, verbs: s.verbs})
      }
    }
    return {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersionText, resources: list}
  }
}
