// Shared by bin/kubectl-ctx, bin/kubectl-ns and their kubectl_complete-* launchers: load the
// small ctx/ns bundle directly (no oclif) and exit with its code.
import {existsSync} from 'node:fs'

export async function runFast(plugin, argv) {
  const entry = new URL('../dist/ctx-fast.js', import.meta.url)
  if (!existsSync(entry)) {
    process.stderr.write('error: kubekit is not built; run `npm run build` in its folder\n')
    process.exit(1)
  }
  const {main} = await import(entry.href)
  process.exitCode = await main(plugin, argv)
}
