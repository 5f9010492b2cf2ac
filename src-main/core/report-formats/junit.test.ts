import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'junit2json';
import { afterAll, describe, expect, it } from 'vitest';
import { junitXml } from './junit';
import { hasXmllint, xmllintJunit } from './junit-validate';
import type { TestReport } from './test-report';

if (!hasXmllint) console.log('[junit] xmllint not installed (apt-get install libxml2-utils): schema validation skipped');
const dir = mkdtempSync(join(tmpdir(), 'snatscope-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Hostile cluster strings: markup, entities, quotes, control and bidi characters, CDATA ends.
const EVIL = 'pod"<x>&amp;\'\u0007\u001b[31m\u202Eevil]]>';
const report: TestReport = {
  name: 'snatscope check e.yaml',
  timestamp: '2026-12-04T05:00:00.000Z',
  durationSeconds: 1.5,
  suites: [
    {
      name: 'default/frontend',
      cases: [
        { name: 'from desktop via endpoint-nodes: preserved [desktop → node1]', classname: 'snatscope.predict.default/frontend', status: 'failed', message: 'expected preserved; seen: SNAT to 198.19.1.1 at node1', details: ['1. The client sends…', 'Fix: Set externalTrafficPolicy: Local'] },
        { name: `from pods: preserved [${EVIL}]`, classname: 'c', status: 'passed', message: 'ok', details: [] },
        { name: 'run', classname: 'c', status: 'error', message: `cannot reach ${EVIL}`, details: [`line\n${EVIL}`] },
        { name: '简体中文：通过', classname: 'c', status: 'skipped', message: null, details: [] },
      ],
    },
    { name: 'empty', cases: [] },
  ],
};

describe('JUnit XML', () => {
  const xml = junitXml(report);

  it.skipIf(!hasXmllint)('validates against the Jenkins xUnit junit-10.xsd', () => {
    const file = join(dir, 'report.xml');
    writeFileSync(file, xml);
    const r = xmllintJunit(file);
    expect(r.ok, r.output).toBe(true);
  });

  it.skipIf(!hasXmllint)('the schema check is real: a report without the required tests attribute is refused', () => {
    const file = join(dir, 'bad.xml');
    writeFileSync(file, xml.replace(/ tests="\d+" failures/g, ' failures'));
    expect(xmllintJunit(file).ok).toBe(false);
  });

  it('a CI parser (junit2json) reads back counts, names, messages and details, without control or bidi characters', async () => {
    const parsed = (await parse(xml)) as { tests?: number; failures?: number; errors?: number; testsuite?: { name?: string; tests?: number; testcase?: { name?: string; classname?: string; failure?: { message?: string; inner?: string }[]; error?: { message?: string; inner?: string }[]; skipped?: unknown[] }[] }[] };
    expect(parsed).toMatchObject({ tests: 4, failures: 1, errors: 1 });
    const [suite, empty] = parsed.testsuite!;
    expect(suite).toMatchObject({ name: 'default/frontend', tests: 4 });
    expect(empty).toMatchObject({ name: 'empty', tests: 0 });
    const [failed, passed, error, skipped] = suite!.testcase!;
    expect(failed!.failure![0]).toMatchObject({ message: 'expected preserved; seen: SNAT to 198.19.1.1 at node1', inner: '1. The client sends…\nFix: Set externalTrafficPolicy: Local' });
    expect(passed!.name).toBe('from pods: preserved [pod"<x>&amp;\'[31mevil]]>]');
    expect(error!.error![0]!.message).toBe('cannot reach pod"<x>&amp;\'[31mevil]]>');
    expect(error!.error![0]!.inner).toBe('line\npod"<x>&amp;\'[31mevil]]>');
    expect(skipped!.skipped).toHaveLength(1);
    expect(skipped!.name).toBe('简体中文：通过');
    // eslint-disable-next-line no-control-regex -- the point: none may survive
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202E]/);
  });
});
