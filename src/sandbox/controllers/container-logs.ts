/**
 * What a simulated container writes when it starts: a few plausible start-up lines for its
 * image (nginx's entrypoint, a Go-style service, a batch job), and an error line when its run
 * is scripted to fail. The kubelet puts them in the store's logs so `kubectl logs` (and
 * `--previous` after a restart) shows them.
 */
export interface RunDescription {
  image: string
  container: string
  /** The pod is a Job's: it processes and finishes. */
  batch: boolean
  /** A scripted exit code (undefined: keeps running). */
  exitCode?: number
  podIP?: string
}

/** The tag of an image reference (`latest` when it names none); a digest after it is not part of it. */
function tagOf(image: string): string {
  const name = image.replace(/@.*$/, '')
  const colon = name.lastIndexOf(':')
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : 'latest'
}

function repositoryName(image: string): string {
  return image.replace(/[@:][^/]*$/, '').split('/').pop() ?? image
}

function nginxLines(): string[] {
  return [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${new Date().toISOString().slice(0, 19).replaceAll('-', '/').replace('T', ' ')} [notice] 1#1: start worker processes`,
  ]
}

function serviceLines(run: RunDescription): string[] {
  const name = repositoryName(run.image)
  return [
    `level=info msg="starting ${name}" version=${tagOf(run.image)} container=${run.container}`,
    'level=info msg="loaded configuration" source=env',
    'level=info msg="listening" addr=":8080"',
    'level=info msg="ready to serve requests"',
  ]
}

function batchLines(run: RunDescription): string[] {
  const name = repositoryName(run.image)
  return [`level=info msg="${name} job started"`, 'level=info msg="processing" items=100', 'level=info msg="processed" items=100 failed=0']
}

export function startupLog(run: RunDescription): string {
  const lines = run.batch ? batchLines(run) : repositoryName(run.image) === 'nginx' ? nginxLines() : serviceLines(run)
  if (run.exitCode !== undefined && run.exitCode !== 0) lines.push(`level=error msg="fatal error, exiting" exit_code=${run.exitCode}`)
  else if (run.batch) lines.push('level=info msg="done"')
  return lines.join('\n') + '\n'
}
