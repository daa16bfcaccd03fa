import {describe, expect, it} from 'vitest'
import {startupLog} from '../../../src/sandbox/controllers/container-logs.js'

describe('startupLog', () => {
  it("writes nginx's entrypoint lines for an nginx image", () => {
    const log = startupLog({image: 'docker.io/library/nginx:1.25', container: 'web', batch: false})
    const lines = log.trimEnd().split('\n')
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration')
    expect(lines.at(-1)).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \[notice\] 1#1: start worker processes$/)
    expect(log.endsWith('\n')).toBe(true)
  })

  it('writes a service start-up with its repository, tag and container', () => {
    expect(startupLog({image: 'registry.example.com/shop/checkout:v2.1', container: 'api', batch: false})).toBe(
      'level=info msg="starting checkout" version=v2.1 container=api\nlevel=info msg="loaded configuration" source=env\nlevel=info msg="listening" addr=":8080"\nlevel=info msg="ready to serve requests"\n',
    )
    expect(startupLog({image: 'localhost:5000/cart', container: 'c', batch: false})).toMatch(/^level=info msg="starting cart" version=latest container=c\n/)
    // A digest is not the tag: the tag before it, or latest when there is none.
    expect(startupLog({image: 'checkout:v2.1@sha256:abc', container: 'c', batch: false})).toMatch(/^level=info msg="starting checkout" version=v2.1 container=c\n/)
    expect(startupLog({image: 'localhost:5000/cart@sha256:abc', container: 'c', batch: false})).toMatch(/^level=info msg="starting cart" version=latest container=c\n/)
  })

  it('writes a batch job that finishes, or the fatal line of a scripted failure', () => {
    expect(startupLog({image: 'reports:1', container: 'r', batch: true})).toBe('level=info msg="reports job started"\nlevel=info msg="processing" items=100\nlevel=info msg="processed" items=100 failed=0\nlevel=info msg="done"\n')
    expect(startupLog({image: 'reports:1', container: 'r', batch: true, exitCode: 3}).trimEnd().split('\n').at(-1)).toBe('level=error msg="fatal error, exiting" exit_code=3')
    expect(startupLog({image: 'api:1', container: 'a', batch: false, exitCode: 1}).trimEnd().split('\n').at(-1)).toBe('level=error msg="fatal error, exiting" exit_code=1')
    expect(startupLog({image: 'api:1', container: 'a', batch: false, exitCode: 0})).not.toContain('fatal')
  })
})
