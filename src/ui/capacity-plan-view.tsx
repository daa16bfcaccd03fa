/**
 * `kubectl capacity plan -i`: the plan's knobs on the left, the numbers on the right; every
 * key press recomputes the plan at once. ↑/↓ pick a knob, ←/→ (or -/+) change it, q quits.
 */
import {Box, Text, render, useApp, useInput} from 'ink'
import {useMemo, useState} from 'react'
import {adjust, applyKnobs, knobLabels, knobNames, knobText, knobsFrom} from '../capacity/adjust.js'
import type {Knobs} from '../capacity/adjust.js'
import type {PlanInput} from '../capacity/model.js'
import {computePlan} from '../capacity/plan.js'
import type {PlanResult} from '../capacity/plan.js'
import {formatBytes, formatCores} from '../capacity/quantity.js'
import {explain} from '../capacity/report.js'

function tryPlan(input: PlanInput): {plan?: PlanResult; error?: string} {
  try {
    return {plan: computePlan(input)}
  } catch (error) {
    return {error: (error as Error).message}
  }
}

export function CapacityPlanView({input, onExit}: {input: PlanInput; onExit?: () => void}) {
  const {exit} = useApp()
  // One state object updated functionally, so fast key presses never see a stale selection.
  const [state, setState] = useState<{knobs: Knobs; selected: number}>(() => ({knobs: knobsFrom(input), selected: 0}))
  const {knobs, selected} = state
  const result = useMemo(() => tryPlan(applyKnobs(input, knobs)), [input, knobs])
  const move = (step: number) => setState((current) => ({...current, selected: (current.selected + knobNames.length + step) % knobNames.length}))
  const change = (direction: 1 | -1) => setState((current) => ({...current, knobs: adjust(current.knobs, knobNames[current.selected]!, direction)}))

  useInput((character, key) => {
    if (character === 'q' || key.escape || (key.ctrl && character === 'c')) {
      onExit?.()
      exit()
      return
    }
    if (key.upArrow || character === 'k') move(-1)
    else if (key.downArrow || character === 'j' || key.tab) move(1)
    else if (key.rightArrow || character === '+' || character === 'l' || character === '=') change(1)
    else if (key.leftArrow || character === '-' || character === 'h') change(-1)
  })

  const plan = result.plan
  const nodes = plan?.options[0]
  return (
    <Box flexDirection="column">
      <Text bold>capacity plan — ↑/↓ choose, ←/→ change, q quit</Text>
      <Box flexDirection="row" marginTop={1}>
        <Box flexDirection="column" width={40} flexShrink={0}>
          {knobNames.map((name, index) => (
            <Text key={name} inverse={index === selected} wrap="truncate-end">
              {index === selected ? '›' : ' '} {knobLabels[name].padEnd(21)} {knobText(knobs, name)}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column" marginLeft={2}>
          {result.error ? <Text color="red">{result.error}</Text> : null}
          {plan && nodes ? (
            <>
              <Text>
                totals      {formatCores(plan.totals.withRedundancy.cpu ?? 0n)} cores, {formatBytes(plan.totals.withRedundancy.memory ?? 0n)} ({plan.totals.podsWithRedundancy} pods)
              </Text>
              <Text>
                allocatable {formatCores(nodes.allocatable.cpu ?? 0n)} cores, {formatBytes(nodes.allocatable.memory ?? 0n)} per node
              </Text>
              <Text>
                pods/node   {nodes.packing.podsPerNode} ({[...new Set(nodes.packing.fits.flatMap((fit) => fit.binding))].join(', ') || '-'} binds)
              </Text>
              <Text bold>
                nodes       {nodes.count}
                {nodes.count !== nodes.needed ? ` (${nodes.needed} needed + ${nodes.count - nodes.needed})` : ''}
                {nodes.failures.nodeLoss.absorbed ? '' : ` — losing one is NOT absorbed (--spare-nodes ${nodes.failures.suggestedSpareNodes ?? '?'})`}
              </Text>
              <Text>
                control     {nodes.controlPlane.nodes} nodes (HA) of {formatCores(nodes.controlPlane.cpu)} cores / {formatBytes(nodes.controlPlane.memory)}
              </Text>
              <Box flexDirection="column" marginTop={1}>
                {explain(nodes, plan).map((line, index) => (
                  <Text key={index} dimColor wrap="truncate-end">
                    - {line}
                  </Text>
                ))}
              </Box>
            </>
          ) : null}
        </Box>
      </Box>
    </Box>
  )
}

/** Renders the view until the user quits. */
export async function openPlanView(input: PlanInput): Promise<void> {
  const instance = render(<CapacityPlanView input={input} />)
  await instance.waitUntilExit()
}
