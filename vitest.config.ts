import {defineConfig} from 'vitest/config'
import {BaseSequencer, type TestSpecification} from 'vitest/node'

/**
 * Files that need a module graph of their own: they set the environment before a module that
 * reads it at load time (chalk's colour support) is imported.
 */
const isolatedFiles = ['test/ui/dash/header-colour.test.tsx']

/**
 * The files that take longest from start to end, most of it waiting on processes, terminals and
 * real rollouts: they start first, so the rest fill the cores around them. Without this a fresh
 * clone (no timings cached yet) orders files by size, and a small, slow file such as the demo's
 * starts last and ends the run alone.
 */
const slowestFirst = [
  'test/dash/tmux.e2e.test.ts',
  'test/cli/demo.test.ts',
  'test/cli/help-examples.test.ts',
  'test/sandbox/cluster-kinds.test.ts',
  'test/sandbox/kubectl-oracle.test.ts',
  'test/tail/scale.integration.test.ts',
  'test/commands/tail.test.ts',
]

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = slowestFirst.findIndex((path) => file.moduleId.endsWith(path))
      return index < 0 ? slowestFirst.length : index
    }
    // Array sort is stable: the others keep vitest's own order (cached durations, else size).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}

export default defineConfig({
  test: {
    // oclif writes through console.log; let it reach the real streams.
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on child processes, sockets and the sandbox rather than on the CPU, so
    // more files than cores run at once: twice the cores of the 2-core machine this was
    // measured on (vitest's default there is cores - 1 = 1 file at a time: 205 s; 4 workers
    // about half of that before the other changes).
    maxWorkers: 4,
    // ink draws only the final frame when it believes it runs in CI, and decides once, when it is
    // loaded; `kubectl dash` clears CI before loading it (src/commands/dash.ts), so the views tested
    // in process must see the same environment, whether or not the suite itself runs in CI.
    env: {CI: 'false', CONTINUOUS_INTEGRATION: 'false'},
    reporters: ['default'],
    sequence: {sequencer: SlowestFirst},
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: isolatedFiles,
          // These files leave no global state behind (no env, timers, exit codes or listeners
          // outside their own hooks), so a worker runs file after file in one module graph:
          // the sandbox, oclif, ink and the cores are loaded once per worker, not once per file
          // (measured: the 50 fastest files took 20.6 s of CPU isolated, 8.2 s shared; the
          // dash's 22 files 29 s isolated, 20 s shared).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: isolatedFiles,
        },
      },
    ],
  },
})
