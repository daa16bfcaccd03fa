/** The colour the command line asks for: true (--color, --color=always), false (--no-color, --color=never), undefined. */
export function colourFlag(argv: readonly string[]): boolean | undefined
/** --color → FORCE_COLOR=1; --no-color, NO_COLOR and TERM=dumb → FORCE_COLOR=0 (chalk, used by ink, ignores NO_COLOR); the flag wins. */
export function applyColourPolicy(argv: readonly string[], env?: NodeJS.ProcessEnv): void
/** Runs the bundled CLI with `commandWords` put in front of the user's arguments; usage lines show `bin`. */
export function launch(commandWords: readonly string[], bin?: string): Promise<void>
