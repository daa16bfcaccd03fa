/** The per-user directory Node's compile cache uses for kubekit (undefined when there is no home to put it in). */
export function compileCacheDir(env?: NodeJS.ProcessEnv, home?: string, platform?: NodeJS.Platform): string | undefined
/** Turns on Node's compile cache (Node 22.1+) in compileCacheDir(); a no-op on older Node. */
export function enableCompileCache(env?: NodeJS.ProcessEnv, api?: {enableCompileCache?: (dir: string) => {directory?: string} | undefined}): string | undefined
