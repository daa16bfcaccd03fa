/** Maps NO_COLOR, --no-color and TERM=dumb to FORCE_COLOR=0 (chalk, used by ink, ignores NO_COLOR). */
export function applyColourPolicy(argv: readonly string[], env?: NodeJS.ProcessEnv): void
/** Runs the bundled CLI with `commandWords` put in front of the user's arguments; usage lines show `bin`. */
export function launch(commandWords: readonly string[], bin?: string): Promise<void>
