import { Scenario } from '../bench.types';
import { restartScenario } from './restart.scenario';
import { analyticsScenario } from './analytics.scenario';

/**
 * Every scenario, in the order a full run takes them. To add one, write
 * `<name>.scenario.ts` exporting a `Scenario` and list it here; the runner
 * prints and saves its rows with the others.
 */
export const SCENARIOS: readonly Scenario[] = [restartScenario, analyticsScenario];
