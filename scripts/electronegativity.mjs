#!/usr/bin/env node
// Runs Electronegativity (Doyensec's Electron security linter) over the sources (src-main/) and
// the built app (out/), writes CSV and JSON reports to test-results/electronegativity/, and fails
// on every HIGH or MEDIUM finding that tools/electronegativity/allowlist.json does not explain,
// and on every file it could not parse. The tool lives in its own folder with its own lockfile
// (its eslint 7 / typescript 4.2 must not mix with ours) and is installed here with `npm ci`.
// Usage: node scripts/electronegativity.mjs     (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOOL_DIR = join(ROOT, 'tools', 'electronegativity');
const REPORT_DIR = join(ROOT, 'test-results', 'electronegativity');

export const FAILING_SEVERITIES = new Set(['CRITICAL', 'HIGH', 'MEDIUM']);
export const TARGETS = [
  { name: 'src', dir: 'src-main' },
  { name: 'out', dir: 'out' },
];
// Needs the network (it downloads Electron's release list): our own test of the pinned version
// (src-main/electron/security/static-checks.test.ts, #16) covers what it checks.
export const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

/** One finding in plain data (the tool's objects carry formatting functions). */
export function normalizeIssue(raw) {
  return {
    id: String(raw.id),
    severity: String(raw.severity?.name ?? raw.severity),
    confidence: String(raw.confidence?.name ?? raw.confidence),
    file: String(raw.file),
    line: raw.location?.line ?? 0,
    column: raw.location?.column ?? 0,
    sample: typeof raw.sample === 'string' ? raw.sample : '',
    description: String(raw.description ?? ''),
    manualReview: Boolean(raw.manualReview),
  };
}

/** Problems with the allowlist itself: every entry must say which finding and why. */
export function allowlistProblems(allowlist) {
  const problems = [];
  if (!allowlist || !Array.isArray(allowlist.explained)) return ['allowlist.explained must be a list'];
  allowlist.explained.forEach((e, i) => {
    for (const key of ['id', 'target', 'file', 'reason']) if (typeof e?.[key] !== 'string' || e[key] === '') problems.push(`explained[${i}].${key} is missing`);
    if (typeof e?.reason === 'string' && e.reason.length < 40) problems.push(`explained[${i}].reason is too short to explain anything`);
    if (e?.target !== undefined && !TARGETS.some((t) => t.name === e.target)) problems.push(`explained[${i}].target must be one of ${TARGETS.map((t) => t.name).join(', ')}`);
  });
  return problems;
}

function matches(entry, target, issue) {
  return entry.id === issue.id && entry.target === target && entry.file === issue.file && (entry.sample === undefined || issue.sample.includes(entry.sample));
}

/** Sorts one target's findings into failing, explained and ignored (below MEDIUM). */
export function evaluate(target, issues, allowlist) {
  const failing = [];
  const explained = [];
  const ignored = [];
  const used = new Set();
  for (const issue of issues) {
    if (!FAILING_SEVERITIES.has(issue.severity)) {
      ignored.push(issue);
      continue;
    }
    const index = allowlist.explained.findIndex((e) => matches(e, target, issue));
    if (index < 0) failing.push(issue);
    else {
      used.add(index);
      explained.push({ issue, reason: allowlist.explained[index].reason });
    }
  }
  const unused = allowlist.explained.filter((e, i) => e.target === target && !used.has(i));
  return { failing, explained, ignored, unused };
}

function ensureTool() {
  const pkg = join(TOOL_DIR, 'node_modules', '@doyensec', 'electronegativity', 'package.json');
  if (existsSync(pkg)) return;
  console.log('electronegativity: installing the pinned tool (npm ci in tools/electronegativity)');
  const r = spawnSync('npm', ['ci', '--prefix', TOOL_DIR, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(pkg)) throw new Error('could not install tools/electronegativity (npm ci failed)');
}

async function main() {
  if (!existsSync(join(ROOT, 'out', 'main', 'index.js'))) {
    console.error('electronegativity: out/ is missing; run `npm run build` first.');
    process.exit(2);
  }
  const allowlist = JSON.parse(readFileSync(join(TOOL_DIR, 'allowlist.json'), 'utf8'));
  const listProblems = allowlistProblems(allowlist);
  if (listProblems.length) {
    console.error(`electronegativity: bad allowlist:\n  ${listProblems.join('\n  ')}`);
    process.exit(1);
  }
  ensureTool();
  const run = createRequire(join(TOOL_DIR, 'package.json'))('@doyensec/electronegativity');
  const electronVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies.electron;
  mkdirSync(REPORT_DIR, { recursive: true });

  const report = { electronVersion, targets: {} };
  let failed = false;
  for (const target of TARGETS) {
    const started = Date.now();
    const result = await run(
      {
        input: join(ROOT, target.dir),
        output: join(REPORT_DIR, `${target.name}.csv`),
        isSarif: false,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS,
        isRelative: true,
        isVerbose: false,
        electronUpgrade: undefined,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
    const issues = result.issues.map(normalizeIssue);
    const verdict = evaluate(target.name, issues, allowlist);
    const unparsed = result.errors.filter((e) => !e.tolerable);
    report.targets[target.name] = { dir: target.dir, checks: result.globalChecks + result.atomicChecks, seconds: (Date.now() - started) / 1000, ...verdict, errors: result.errors };

    console.log(`\nelectronegativity ${target.dir}/: ${result.globalChecks + result.atomicChecks} checks, ${issues.length} findings (${verdict.ignored.length} low/informational), ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const { issue, reason } of verdict.explained) console.log(`  explained   ${issue.severity.padEnd(6)} ${issue.id} ${issue.file}:${issue.line} — ${reason}`);
    for (const issue of verdict.failing) console.log(`  UNEXPLAINED ${issue.severity.padEnd(6)} ${issue.id} ${issue.file}:${issue.line}:${issue.column} ${issue.sample.slice(0, 100)}`);
    for (const e of unparsed) console.log(`  UNPARSED    ${e.file}: ${e.message}`);
    for (const e of verdict.unused) console.log(`  note: allowlist entry no longer needed: ${e.id} ${e.file}`);
    if (result.globalChecks + result.atomicChecks === 0 || verdict.failing.length > 0 || unparsed.length > 0) failed = true;
  }
  writeFileSync(join(REPORT_DIR, 'report.json'), JSON.stringify(report, null, 2));
  console.log(`\nelectronegativity: reports in ${REPORT_DIR}`);
  if (failed) {
    console.error('electronegativity: FAILED: unexplained HIGH/MEDIUM findings or unparsed files (explain real false positives in tools/electronegativity/allowlist.json)');
    process.exit(1);
  }
  console.log('electronegativity: OK: no unexplained HIGH or MEDIUM findings');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`electronegativity: ${error?.stack ?? error}`);
    process.exit(1);
  });
}
