// Exports of a real probe (issue 8, "Done when"), in browser mode against the lab's seed scenario:
// probe default/frontend, then export every format and check it as a reader would (PNG decodes,
// is not blank and is 2× the diagram; SVG is XML with the "SNAT → <address>" marker; Markdown
// parses with the matrix table and a Mermaid block matching the paths; the report's PDF text holds
// the finding). With redaction on, no lab address, node name or probe namespace is in any file;
// with or without it, the kubeconfig's bearer token and client key are in none. The saved session
// reopens to the same element ids and positions.
import { expect, test, type Page } from '@playwright/test';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import type { Session } from '../src-main/contract';
import { openContext, pickService } from './support/app-flow';
import { byName, checkMarkdown, checkSvg, decodePng, downloads, everything, layout, pdfRawText, pdfText, type Saved } from './support/exports';
import { snapshot } from './support/graph';
import { isRoot, startLab, type Lab } from './support/lab';
import { serveApp, type ServedApp } from './support/serve';

const ROOT = isRoot();
if (!ROOT) console.log('export-lab.browser.spec: skipped — the lab’s data plane needs root (network namespaces, iptables).');

test.describe.configure({ mode: 'serial' });
test.skip(!ROOT, 'needs root: the lab’s data plane creates network namespaces and iptables rules');

let lab: Lab | undefined;
let app: ServedApp | undefined;
let dir: string;
/** Every credential in the kubeconfig the app reads, in every form it could leak in. */
const secrets: string[] = [];

interface Pem {
  cert: string;
  key: string;
}
type TlsFixtures = { makeCa(): Promise<Pem & { keys: CryptoKeyPair }>; makeServerCert(ca: unknown, sans: { dns?: string[] }, opts: { clientAuth?: boolean; cn?: string }): Promise<Pem> };

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = await mkdtemp(join(tmpdir(), 'snatscope-export-e2e-'));
  lab = await startLab('seed.yaml');
  // The lab authenticates with bearer tokens; give the admin user a client certificate and key
  // too (the lab's TLS does not ask for them, so the connection works the same), so the test can
  // prove that neither kind of credential reaches an export.
  const tls = (await import(pathToFileURL(resolve(import.meta.dirname, '..', 'src-main/core/cluster/test-support/tls-fixtures.ts')).href)) as TlsFixtures;
  const client = await tls.makeServerCert(await tls.makeCa(), { dns: ['snatscope-e2e'] }, { clientAuth: true, cn: 'snatscope-e2e-admin' });
  const config = YAML.parse(await readFile(lab.kubeconfigPath, 'utf8')) as { users: { user: Record<string, string> }[] };
  const admin = config.users[0]!.user;
  admin['client-certificate-data'] = Buffer.from(client.cert).toString('base64');
  admin['client-key-data'] = Buffer.from(client.key).toString('base64');
  for (const u of config.users) if (u.user.token) secrets.push(u.user.token);
  secrets.push(admin['client-key-data'], ...client.key.split('\n').filter((l) => l.length >= 40));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, YAML.stringify(config), { mode: 0o600 });
  app = await serveApp({ KUBECONFIG: kubeconfig });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await app?.stop().catch(() => undefined);
  await lab?.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

function noCredentials(files: Saved[]) {
  expect(secrets.length).toBeGreaterThanOrEqual(3);
  for (const f of everything(files)) for (const s of secrets) expect(f.content.includes(s), `${f.name} contains a credential`).toBe(false);
}

async function exportAll(page: Page, sub: string, opts: { theme: 'light' | 'dark'; redact: boolean }): Promise<Saved[]> {
  await page.getByTestId('export-open').click();
  for (const f of ['markdown', 'png', 'svg', 'json', 'mermaid']) await page.getByTestId(`export-format-${f}`).check();
  await page.getByTestId(`export-theme-${opts.theme}`).check();
  await page.getByTestId('export-redact').setChecked(opts.redact);
  const out = join(dir, sub);
  await mkdir(out, { recursive: true });
  const files = await downloads(page, out, 5, () => page.getByTestId('export-run').click());
  await page.getByTestId('export-close').click();
  return files;
}

async function reportPdf(page: Page, path: string, redact: boolean): Promise<{ finding: string; text: string; bytes: Buffer }> {
  await page.getByTestId('report-open').click();
  const toggle = page.getByTestId('report-redact');
  if ((await toggle.isChecked()) !== redact) await toggle.setChecked(redact);
  await expect(page.getByTestId('report')).toBeVisible();
  if (redact) await expect(page.getByTestId('report')).toContainText('aliases');
  await expect(page.getByTestId('report-diagram')).toHaveJSProperty('complete', true);
  const finding = (await page.getByTestId('report-finding').textContent())!.trim();
  await page.pdf({ path, format: 'A4', printBackground: true });
  await page.getByTestId('report-close').click();
  return { finding, text: pdfText(path), bytes: await readFile(path) };
}

test('a real probe exported in every format, redacted and not; the saved session reopens to the same picture', async ({ page }, testInfo) => {
  test.setTimeout(200_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  await openContext(page, app!.url, lab!.context);
  await pickService(page, 'default/frontend');
  await page.getByTestId('probe-preview').click();
  await expect(page.getByTestId('plan-permissions-ok')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('probe-run').click();
  await expect(page.getByTestId('probe-status')).toContainText('Probe completed', { timeout: 90_000 });
  await expect(page.getByTestId('cell-desktop-node2-Cluster')).toHaveText('SNAT → 198.18.0.12');
  await expect(page.getByTestId('view-observed')).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await layout(page)).nodes.some((n) => n.id === 'snat:node2:198.18.0.12')).toBe(true);
  const shown = await layout(page);

  // Every format, light, not redacted.
  const plain = await exportAll(page, 'plain', { theme: 'light', redact: false });
  const session = JSON.parse(byName(plain, '.json').text) as Session;
  expect(session.status).toBe('completed');
  const svg = byName(plain, '.svg').text;
  const size = checkSvg(svg);
  expect(svg).toContain('SNAT → 198.18.0.12');
  const png = decodePng(byName(plain, '.png').bytes);
  expect([png.width, png.height]).toEqual([size.width * 2, size.height * 2]);
  expect(png.colours).toBeGreaterThan(20);
  expect(checkMarkdown(byName(plain, '.md').text, session)).toEqual([]);
  expect(byName(plain, '.mmd').text).toContain('SNAT → 198.18.0.12');
  const report = await reportPdf(page, testInfo.outputPath('report.pdf'), false);
  expect(report.finding).toMatch(/Client IPs are lost on paths entering via .*node2.*: kube-proxy masquerades Cluster-policy NodePort traffic\./);
  expect(report.text).toContain(report.finding.replace(/\s+/g, ' '));
  noCredentials([...plain, { name: 'report.pdf', bytes: report.bytes, text: report.text }]);

  // Redacted, dark: no lab address, node name or probe namespace in any file (PDF included).
  const red = await exportAll(page, 'redacted', { theme: 'dark', redact: true });
  const redReport = await reportPdf(page, testInfo.outputPath('report-redacted.pdf'), true);
  const all = [...red, { name: 'report-redacted.pdf', bytes: redReport.bytes, text: pdfRawText(testInfo.outputPath('report-redacted.pdf')) }];
  const forbidden = [/198\.18\.\d+\.\d+/, /198\.19\.\d+\.\d+/, /203\.0\.113\.\d+/, /node1/, /node2/, new RegExp(session.plan.namespace), new RegExp(lab!.context)];
  for (const f of everything(all)) for (const re of forbidden) expect(re.test(f.content), `${f.name} contains ${re}`).toBe(false);
  noCredentials(all);
  const redSession = JSON.parse(byName(red, '.json').text) as Session;
  expect(redSession.redacted).toBe(true);
  const alias = redSession.paths.find((p) => p.origin.kind === 'desktop' && p.observed.verdict === 'snat' && p.observed.rewritingHop?.kind === 'node' && p.target.node === p.observed.rewritingHop.name && p.service.policy === 'Cluster' && p.observedSource !== null && redSession.inventory.nodes.some((n) => n.addresses.internalIPs.includes(p.observedSource!)))!.observedSource!;
  expect(byName(red, '.svg').text).toContain(`SNAT → ${alias}`);
  expect(checkSvg(byName(red, '.svg').text).width).toBeGreaterThan(0);
  expect(checkMarkdown(byName(red, '.md').text, redSession)).toEqual([]);

  // Save the session, start over, open it: the same element ids and positions, no cluster needed.
  const saved = await downloads(page, dir, 1, () => page.getByTestId('session-save').click());
  noCredentials(saved);
  await page.reload();
  // The remembered context reconnects first; then the file replaces whatever it showed.
  await expect(page.getByTestId(`context-${lab!.context}`).getByTestId('context-status')).toContainText('connected');
  await page.getByTestId('session-file-input').setInputFiles({ name: saved[0]!.name, mimeType: 'application/json', buffer: saved[0]!.bytes });
  await expect(page.getByTestId('topology-source')).toHaveText(`Saved session ${saved[0]!.name}`);
  await expect.poll(async () => (await layout(page)).nodes.length).toBe(shown.nodes.length);
  expect(await layout(page)).toEqual(shown);
  await expect(page.getByTestId('cell-desktop-node2-Cluster')).toHaveText('SNAT → 198.18.0.12');
  await snapshot(page, testInfo, 'reopened');
  expect(problems).toEqual([]);
});
