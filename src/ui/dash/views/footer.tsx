/**
 * The dash's last line: whatever is being typed (the `:` command, the pod filter, a prompt of
 * the logs view), else the message of the last key, else the keys of the view that fit.
 */
import {Text} from 'ink'
import {fitHints, hints, type ViewId} from '../keymap.js'
import {kindCompletions} from '../kinds.js'
import type {UiState} from '../state.js'

const promptLabels = {grep: 'only lines matching /', save: 'save the lines to '} as const
const promptHelp = {grep: '/  enter apply (empty: every line), esc cancel', save: '  enter write, esc cancel'} as const

function Typing({lead, text, help}: {lead: string; text: string; help: string}) {
  return (
    <Text wrap="truncate-end">
      <Text color="cyan">{lead}</Text>
      {text}
      <Text inverse> </Text>
      <Text dimColor>{help}</Text>
    </Text>
  )
}

export function Footer({ui, view, width}: {ui: UiState; view: ViewId | undefined; width: number}) {
  if (ui.command !== undefined) return <Typing lead=":" text={ui.command} help={`  ${kindCompletions(ui.command).join(' ')}  (tab completes, enter opens, esc cancels)`} />
  if (ui.prompt) return <Typing lead={promptLabels[ui.prompt.kind]} text={ui.prompt.text} help={promptHelp[ui.prompt.kind]} />
  if (ui.filterEditing) return <Typing lead="/" text={ui.filter} help="  enter keep, esc clear  (/re/, !not, -l k=v, -f fuzzy)" />
  if (ui.message) {
    return (
      <Text color="yellow" wrap="truncate-end">
        {ui.message}
      </Text>
    )
  }
  if (!view) return <Text> </Text>
  return (
    <Text wrap="truncate-end">
      {fitHints(hints(view), width).map(({key, label}) => (
        <Text key={key + label}>
          <Text color="cyan">{`<${key}>`}</Text>
          {` ${label}  `}
        </Text>
      ))}
    </Text>
  )
}
