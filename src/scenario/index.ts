export { ScenarioError, formatPath, type ScenarioIssue } from './errors.js';
export { loadScenario, parseScenario, parseText, type LoadOptions } from './load.js';
export { applyOverrides, parseOverride } from './overrides.js';
export {
  LATENCY_DISTS, TOPOLOGY_PARAMETERS, scenarioSchema,
  type AnyProtocolPlugin, type ParsedScenario, type PluginLookup,
} from './schema.js';
export * from './types.js';
