/** Images carry a pinned tag (or digest), never `latest` and never none. */
import type {AuditCheck} from '../check.js'
import {allContainers, imageParts, kubectlRef, workloadFinding} from '../helpers.js'

function unpinned(image: string): string | undefined {
  const {tag, digest} = imageParts(image)
  if (digest) return undefined
  if (tag === undefined) return 'has no tag (it means latest)'
  if (tag === 'latest') return 'is tagged latest'
  return undefined
}

export const imageTagCheck: AuditCheck<'workload'> = {
  name: 'image-tag',
  scope: 'workload',
  severity: 'warning',
  title: 'every image is pinned to a version tag or digest, never latest or untagged',
  consequence:
    '`latest` moves under you: replicas of one workload run different code, a rescheduled pod pulls a version nobody deployed, and a rollback has nothing to roll back to.',
  fix: 'set each image to the version tag (better: the @sha256 digest) that was tested, e.g. with `kubectl set image`.',
  needs: ['workloads'],
  check(view) {
    const bad = allContainers(view)
      .map((c) => ({name: c.name, image: c.image ?? '', why: unpinned(c.image ?? '')}))
      .filter((c) => c.why !== undefined)
    if (bad.length === 0) return []
    const pinned = (image: string) => `${image.split('@')[0]!.replace(/:latest$/, '')}:<version>`
    return [
      workloadFinding(
        'image-tag',
        'warning',
        view,
        `image ${bad.map((b) => `"${b.image}"`).join(', ')} ${bad[0]!.why}: what runs depends on when each node pulled it.`,
        bad.map((b) => `container "${b.name}": image "${b.image}" ${b.why}`),
        [`kubectl set image ${kubectlRef(view)} ${bad.map((b) => `${b.name}=${pinned(b.image)}`).join(' ')}`, 'pin the digest for immutability: crane digest IMAGE:TAG gives the @sha256:... to use'],
      ),
    ]
  },
}
