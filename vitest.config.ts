import {defineConfig} from 'vitest/config'

/** The dash's tests (ink renders, tmux) keep a fresh module graph per file. */
const isolatedFiles = ['test/dash/**', 'test/ui/dash/**']

export default defineConfig({
  test: {
    // oclif writes through console.log; let it reach the real streams.
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on child processes, sockets and the sandbox rather than on the CPU, so
    // more files than cores run at once: on 2 cores, 4 workers took the suite from one file
    // at a time (vitest's default there is cores - 1 = 1) to about half the wall time; more
    // workers than that only added contention for the CPU.
    maxWorkers: 4,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: isolatedFiles,
          // These files leave no global state behind (no env, timers, exit codes or listeners
          // outside their own hooks), so a worker runs file after file in one module graph:
          // the sandbox, oclif and the cores are loaded once per worker, not once per file
          // (measured on the 50 fastest files: 20.6 s of CPU isolated, 8.2 s shared).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: isolatedFiles.map((glob) => [`${glob}/*.test.ts`, `${glob}/*.test.tsx`]).flat(),
        },
      },
    ],
  },
})
