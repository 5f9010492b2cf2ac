// Test support: validate a JUnit file against resources/junit/junit-10.xsd with xmllint (Debian's
// libxml2-utils, installed by .ci/run), the schema Jenkins' xUnit plugin checks reports with.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const JUNIT_XSD = resolve(import.meta.dirname, '..', '..', '..', 'resources', 'junit', 'junit-10.xsd');
export const XMLLINT = '/usr/bin/xmllint';
export const hasXmllint = existsSync(XMLLINT);

export function xmllintJunit(file: string): { ok: boolean; output: string } {
  const r = spawnSync(XMLLINT, ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
