/** Images come from one registry (the one the cluster is set up to pull from: mirror, credentials, egress). */
import type {AuditCheck} from '../check.js'
import {outsideMajority} from '../helpers.js'
import type {Finding} from '../model.js'

export const imageRegistryCheck: AuditCheck<'fleet'> = {
  name: 'image-registry',
  scope: 'fleet',
  severity: 'warning',
  title: 'images come from one registry',
  consequence:
    'every extra registry is one more outage, rate limit and pull credential between a rescheduled pod and its start: when Docker Hub throttles or a registry is down, pods that move node stay in ImagePullBackOff.',
  fix: 'mirror the outside images into the main registry (crane copy / skopeo copy, or a pull-through cache) and point the workloads at the copies.',
  needs: ['workloads'],
  applies: (fleet) => fleet.registries.size > 0,
  failing: (fleet) => outsideMajority(fleet.registries),
  check(fleet) {
    if (fleet.registries.size <= 1) return []
    const ranked = [...fleet.registries.entries()].sort((a, b) => b[1].count - a[1].count)
    const [main, mainTally] = ranked[0]!
    return ranked.slice(1).map(([registry, tally]): Finding => {
      const example = tally.examples[0] ?? ''
      const image = example.slice(example.indexOf('=') + 1)
      const path = image.startsWith(`${registry}/`) ? image.slice(registry.length + 1) : image.includes('/') ? image : `library/${image}`
      return {
        code: 'image-registry',
        severity: 'warning',
        subject: `registry/${registry}`,
        summary: `${tally.count} workload(s) pull from ${registry} while ${mainTally.count} use ${main}: one more registry that must be up, reachable and authorised for these pods to start.`,
        evidence: tally.examples.map((e) => `e.g. ${e}`),
        remedy: [`crane copy ${registry}/${path} ${main}/${path}   # or a pull-through cache of ${registry} in ${main}`, `then point the workloads at ${main}/${path} (kubectl set image ...)`],
      }
    })
  },
}
