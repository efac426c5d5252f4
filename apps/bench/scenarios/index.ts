import { Scenario } from '../bench.types';
import { alertingScenario } from './alerting.scenario';
import { analyticsScenario } from './analytics.scenario';
import { catalogueScenario } from './catalogue.scenario';
import { commandPathScenario } from './command-path.scenario';
import { fanOutScenario } from './fan-out.scenario';
import { memoryScenario } from './memory.scenario';
import { notificationsScenario } from './notifications.scenario';
import { oncallScenario } from './oncall.scenario';
import { queryPathScenario } from './query-path.scenario';
import { replayScenario } from './replay.scenario';
import { restartScenario } from './restart.scenario';
import { statuspageScenario } from './statuspage.scenario';
import { storeAppendScenario } from './store-append.scenario';

/**
 * Every scenario, in the order a full run takes them (the issue's order, then
 * the later issues'). To add one, write `<name>.scenario.ts` exporting a
 * `Scenario` and list it here; the runner prints and saves its rows with the others.
 */
export const SCENARIOS: readonly Scenario[] = [
  storeAppendScenario,
  commandPathScenario,
  queryPathScenario,
  replayScenario,
  fanOutScenario,
  memoryScenario,
  restartScenario,
  analyticsScenario,
  catalogueScenario,
  notificationsScenario,
  oncallScenario,
  alertingScenario,
  statuspageScenario,
];
