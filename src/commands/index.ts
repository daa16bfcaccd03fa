// The explicit command map oclif loads (package.json oclif.commands). Keep it light:
// each command imports its heavy dependencies (client-node, ink) lazily inside run().
import CapacityPlan from './capacity/plan.js'
import CapacityShow from './capacity/show.js'
import Ctx from './ctx.js'
import Dash from './dash.js'
import Diagnose from './diagnose.js'
import Ns from './ns.js'
import Options from './options.js'
import SandboxFault from './sandbox/fault.js'
import SandboxStart from './sandbox/start.js'
import Tail from './tail.js'

export const COMMANDS = {
  'capacity:plan': CapacityPlan,
  'capacity:show': CapacityShow,
  ctx: Ctx,
  dash: Dash,
  diagnose: Diagnose,
  ns: Ns,
  options: Options,
  'sandbox:fault': SandboxFault,
  'sandbox:start': SandboxStart,
  tail: Tail,
}
