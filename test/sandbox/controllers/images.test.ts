import {describe, expect, it} from 'vitest'
import {DEFAULT_BAD_IMAGES, imageId, imageSize, ImageRules, pullErrorText, qualifiedImage} from '../../../src/sandbox/controllers/images.js'

describe('qualifiedImage', () => {
  it('fills in docker.io, library/ and :latest as containerd does', () => {
    expect(qualifiedImage('nginx')).toBe('docker.io/library/nginx:latest')
    expect(qualifiedImage('nginx:1.25')).toBe('docker.io/library/nginx:1.25')
    expect(qualifiedImage('bitnami/redis')).toBe('docker.io/bitnami/redis:latest')
    expect(qualifiedImage('ghcr.io/a/b:1')).toBe('ghcr.io/a/b:1')
    expect(qualifiedImage('localhost/app')).toBe('localhost/app:latest')
    expect(qualifiedImage('localhost:5000/app')).toBe('localhost:5000/app:latest')
    expect(qualifiedImage('nginx@sha256:abc')).toBe('docker.io/library/nginx@sha256:abc')
  })
})

describe('imageId and imageSize', () => {
  it('give a repository digest reference and a size, stable per image', () => {
    const id = imageId('nginx:1.25')
    expect(id).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/)
    expect(imageId('docker.io/library/nginx:1.25')).toBe(id)
    expect(imageId('nginx:1.26')).not.toBe(id)
    expect(imageId('localhost:5000/app:v1')).toMatch(/^localhost:5000\/app@sha256:/)
    const size = imageSize('nginx:1.25')
    expect(size).toBe(imageSize('nginx:1.25'))
    expect(size).toBeGreaterThanOrEqual(20_000_000)
    expect(size).toBeLessThan(140_000_000)
  })
})

describe('ImageRules', () => {
  it('fails pulls of references with a marker, and the demo image by default', () => {
    const rules = new ImageRules()
    expect(rules.isBad('nginx:nosuchtag')).toBe(true)
    expect(rules.isBad('DoesNotExist/app')).toBe(true)
    expect(rules.isBad(DEFAULT_BAD_IMAGES[0]!)).toBe(true)
    expect(rules.isBad('nginx:1.25')).toBe(false)
  })

  it('reads badImages as exact references, or prefixes ending in /, : or *', () => {
    const rules = new ImageRules(['nginx:1.99', 'registry.example.com/', 'redis:', 'busy*'])
    expect(rules.isBad('nginx:1.99')).toBe(true)
    expect(rules.isBad('nginx:1.9')).toBe(false)
    expect(rules.isBad('registry.example.com/team/app:1')).toBe(true)
    expect(rules.isBad('redis:7')).toBe(true)
    expect(rules.isBad('redis')).toBe(false)
    expect(rules.isBad('busybox:1.36')).toBe(true)
  })
})

describe('pullErrorText', () => {
  it("words containerd's NotFound with the qualified reference", () => {
    expect(pullErrorText('nginx:nosuchtag')).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nosuchtag": failed to resolve reference "docker.io/library/nginx:nosuchtag": docker.io/library/nginx:nosuchtag: not found',
    )
  })
})
