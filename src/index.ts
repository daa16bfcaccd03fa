import {execute} from '@oclif/core'

export {COMMANDS} from './commands/index.js'

/** Runs the CLI on process.argv (the bin/ launchers put the command id in front). */
export async function run(): Promise<void> {
  await execute({dir: import.meta.url})
}
