// Loads a scenario from YAML (a file or text) and validates it; errors name the offending path.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { scenarioSchema, type Scenario, type ScenarioInput } from './schema';

export class ScenarioError extends Error {}

export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const r = scenarioSchema.safeParse(input ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ScenarioError(`${source} is not a valid lab scenario:\n${issues}`);
  }
  return r.data;
}

export function parseScenarioYaml(text: string, source = 'scenario'): Scenario {
  return parseScenario(YAML.parse(text), source);
}

export function loadScenarioFile(path: string): Scenario {
  return parseScenarioYaml(readFileSync(path, 'utf8'), path);
}

export function toScenario(s: Scenario | ScenarioInput | string | undefined): Scenario {
  if (s === undefined) return parseScenario({});
  if (typeof s === 'string') return loadScenarioFile(s);
  return parseScenario(s);
}
