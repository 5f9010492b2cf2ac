import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { expectationsJsonSchema } from './schema';
import { parseExpectations } from './parse';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const committed = JSON.parse(readFileSync(join(ROOT, 'docs/expectations.schema.json'), 'utf8')) as Record<string, unknown>;
const examples = readdirSync(join(ROOT, 'docs/examples')).filter((f) => f.startsWith('expectations-') && f.endsWith('.yaml'));

describe('expectations JSON Schema', () => {
  it('docs/expectations.schema.json is the one generated from the zod schema (regenerate it when the schema changes)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(expectationsJsonSchema())));
  });

  it('every example file validates against the committed JSON Schema and parses with the zod schema', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    const validate = new Ajv2020({ allErrors: true, strict: false }).addFormat('ipv4', true).addFormat('ipv6', true).compile(committed);
    for (const f of examples) {
      const text = readFileSync(join(ROOT, 'docs/examples', f), 'utf8');
      expect(validate(parse(text)), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(parseExpectations(text).ok, f).toBe(true);
    }
  });

  it('the JSON Schema rejects what the zod schema rejects (unknown fields, bad values)', () => {
    const validate = new Ajv2020({ strict: false }).addFormat('ipv4', true).addFormat('ipv6', true).compile(committed);
    const base = { apiVersion: 'snatscope.io/v1alpha1', kind: 'ClientIPExpectations', services: [{ service: 'default/frontend', expect: [{ from: 'desktop', clientIP: 'preserved' }] }] };
    expect(validate(base)).toBe(true);
    for (const bad of [
      { ...base, colour: 'blue' },
      { ...base, apiVersion: 'v1' },
      { ...base, services: [{ service: 'frontend', expect: [{ from: 'desktop', clientIP: 'preserved' }] }] },
      { ...base, services: [{ service: 'default/frontend', expect: [{ from: 'laptop', clientIP: 'preserved' }] }] },
      { ...base, services: [{ service: 'default/frontend', expect: [{ from: 'desktop', clientIP: 'kept' }] }] },
      { ...base, services: [] },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect(parseExpectations(JSON.stringify(bad)).ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
