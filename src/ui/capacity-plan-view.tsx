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

function tryPlan(input: PlanInput): {plan?: PlanResult; error?: string} {
  try {
    return {plan: computePlan(input)}
  } catch (error) {
    return {error: (error as Error).message}
  }
}

export function CapacityPlanView({input, onExit}: {input: PlanInput; onExit?: () => void}) {
  const {exit} = useApp()
  const [knobs, setKnobs] = useState<Knobs>(() => knobsFrom(input))
  const [selected, setSelected] = useState(0)
  const result = useMemo(() => tryPlan(applyKnobs(input, knobs)), [input, knobs])

  useInput((character, key) => {
    if (character === 'q' || key.escape || (key.ctrl && character === 'c')) {
      onExit?.()
      exit()
      return
    }
    if (key.upArrow || character === 'k') setSelected((index) => (index + knobNames.length - 1) % knobNames.length)
    else if (key.downArrow || character === 'j' || key.tab) setSelected((index) => (index + 1) % knobNames.length)
    else if (key.rightArrow || character === '+' || character === 'l' || character === '=') setKnobs((current) => adjust(current, knobNames[selected]!, 1))
    else if (key.leftArrow || character === '-' || character === 'h') setKnobs((current) => adjust(current, knobNames[selected]!, -1))
  })

  const plan = result.plan
  const nodes = plan?.options[0]
  return (
    <Box flexDirection="column">
      <Text bold>capacity plan — ↑/↓ choose, ←/→ change, q quit</Text>
      <Box flexDirection="row" marginTop={1}>
        <Box flexDirection="column" width={36}>
          {knobNames.map((name, index) => (
            <Text key={name} inverse={index === selected}>
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
                pods/node   {nodes.packing.podsPerNode} ({[...new Set(nodes.packing.fits.map((fit) => fit.binding))].join(', ') || '-'} binds)
              </Text>
              <Text bold>
                nodes       {nodes.count}
                {nodes.count !== nodes.needed ? ` (${nodes.needed} needed + ${nodes.count - nodes.needed})` : ''}
              </Text>
              <Text>
                control     {formatCores(nodes.controlPlane.cpu)} cores / {formatBytes(nodes.controlPlane.memory)}
              </Text>
              <Box flexDirection="column" marginTop={1}>
                {nodes.why.map((line, index) => (
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
