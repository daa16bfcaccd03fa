/**
 * Container images as the simulated kubelet and containerd see them: the fully qualified
 * reference (`nginx` is `docker.io/library/nginx:latest`), a stable image digest, and which
 * pulls fail.
 *
 * A pull fails when the reference contains `nosuchtag` or `doesnotexist` (any part: registry,
 * repository or tag), or matches an entry of `controllers.badImages` — an exact reference
 * (`nginx:1.99`), or a prefix ending in `/`, `:` or `*` (`registry.example.com/`, `nginx:*`).
 * The demo's payment-gateway image is bad by default, so its new pods fail as the demo's own one does.
 */
import {createHash} from 'node:crypto'

/** Images that fail in every sandbox unless the options say otherwise: the demo's broken tag. */
export const DEFAULT_BAD_IMAGES: readonly string[] = ['registry.example.com/payments/gateway:v2.3.1-rc']

const markers = ['nosuchtag', 'doesnotexist']

/** `nginx` → `docker.io/library/nginx:latest`; `ghcr.io/a/b:1` stays. */
export function qualifiedImage(image: string): string {
  const [withoutDigest, digest] = image.split('@') as [string, string | undefined]
  const lastSlash = withoutDigest.lastIndexOf('/')
  const hasTag = withoutDigest.lastIndexOf(':') > lastSlash
  const first = withoutDigest.split('/')[0]!
  const hasRegistry = withoutDigest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')
  let name = hasRegistry ? withoutDigest : withoutDigest.includes('/') ? `docker.io/${withoutDigest}` : `docker.io/library/${withoutDigest}`
  if (!hasTag && !digest) name += ':latest'
  return digest ? `${name}@${digest}` : name
}

/** The digest reference containerd reports as imageID. */
export function imageId(image: string): string {
  const qualified = qualifiedImage(image)
  const repository = qualified.replace(/@.*$/, '').replace(/:[^/:]+$/, '')
  return `${repository}@sha256:${createHash('sha256').update(qualified).digest('hex')}`
}

/** A plausible compressed image size in bytes, stable per image. */
export function imageSize(image: string): number {
  return 20_000_000 + (createHash('sha256').update(image).digest().readUInt32BE(0) % 120_000_000)
}

export class ImageRules {
  private readonly bad: string[]

  constructor(badImages: readonly string[] = []) {
    this.bad = [...DEFAULT_BAD_IMAGES, ...badImages]
  }

  isBad(image: string): boolean {
    const lower = image.toLowerCase()
    if (markers.some((m) => lower.includes(m))) return true
    return this.bad.some((rule) => (/[/:*]$/.test(rule) ? image.startsWith(rule.replace(/\*$/, '')) : image === rule))
  }
}

/** containerd's error for a reference that does not resolve, as the kubelet reports it. */
export function pullErrorText(image: string): string {
  const qualified = qualifiedImage(image)
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${qualified}": failed to resolve reference "${qualified}": ${qualified}: not found`
}
