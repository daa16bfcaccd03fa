/** The built-in scenarios by name. */
import type {ScaleParams, Scenario} from '../types.js'
import {demoScenario} from './demo.js'
import {buildScaleScenario, scaleScenario} from './scale.js'

export const SCENARIO_NAMES = ['demo', 'demo-no-metrics', 'scale', 'empty'] as const

export function builtInScenario(name: string, scaleParams?: Partial<ScaleParams>): Scenario | undefined {
  switch (name) {
    case 'demo':
      return demoScenario()
    case 'demo-no-metrics':
      return demoScenario({metrics: false})
    case 'scale':
      return scaleScenario(scaleParams)
    case 'empty':
      return {objects: []}
    default:
      return undefined
  }
}

export {buildScaleScenario, demoScenario, scaleScenario}
export {loadScenarioFile, mergeScenarios, ScenarioError, validateScenario} from './load.js'
