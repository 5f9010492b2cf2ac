// Issue 17 item 3: a compromised renderer could add any file as a kubeconfig (whose exec plugin
// contexts.test then ran), persist a probe image that runs on every node, and read the home
// directory from contexts.list. Now main asks first (the confirm port), and hides the home.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryFileStore } from '../ports/file-store';
import { createDispatcher } from '../rpc/dispatcher';
import { createServices } from '../services';
import { createSettingsStore } from '../settings/settings-store';
import type { ConfirmRequest } from './confirm';

const KUBECONFIG = (exec: boolean) => `apiVersion: v1
kind: Config
current-context: lab
clusters: [{ name: lab, cluster: { server: "https://198.18.0.1:6443" } }]
users: [{ name: u, user: ${exec ? '{ exec: { apiVersion: client.authentication.k8s.io/v1, command: /usr/bin/evil-helper, args: [--steal] } }' : '{ token: abc }'} }]
contexts: [{ name: lab, context: { cluster: lab, user: u } }]
`;

describe('main-owned confirmation and paths for the renderer', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'snatscope-home-'));
    await mkdir(join(home, '.kube'));
    await writeFile(join(home, '.kube', 'exec.yaml'), KUBECONFIG(true));
    await writeFile(join(home, '.kube', 'plain.yaml'), KUBECONFIG(false));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  const setup = (answer: boolean) => {
    const asked: ConfirmRequest[] = [];
    const services = createServices({
      runtime: { name: 'SNATScope', version: '0', mode: 'browser', platform: 'linux', arch: 'x64', versions: { node: '20' } },
      settings: createSettingsStore({ files: memoryFileStore(), path: '/s.json' }),
      env: {},
      home,
      watch: null,
      confirm: async (request) => (asked.push(request), answer),
    });
    const d = createDispatcher(services.handlers);
    return { asked, call: (name: string, params: unknown) => d.dispatch(name, params) as Promise<{ ok: boolean; result?: any; error?: any }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('adds a kubeconfig only after the user confirms, naming its exec plugin', async () => {
    const no = setup(false);
    const refused = await no.call('contexts.addFile', { path: '~/.kube/exec.yaml' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'confirm.declined', message: expect.stringMatching(/not added: it was not confirmed/) } });
    expect(no.asked).toEqual([{ kind: 'kubeconfig.add', path: join(home, '.kube', 'exec.yaml'), execCommands: ['/usr/bin/evil-helper --steal'] }]);
    expect((await no.call('contexts.list', {})).result.files).toEqual(['~/.kube/config']);

    const yes = setup(true);
    const added = await yes.call('contexts.addFile', { path: join(home, '.kube', 'plain.yaml') });
    expect(added.ok).toBe(true);
    expect(yes.asked[0]).toMatchObject({ kind: 'kubeconfig.add', execCommands: [] });
    // Adding it again asks nothing.
    await yes.call('contexts.addFile', { path: '~/.kube/plain.yaml' });
    expect(yes.asked).toHaveLength(1);
  });

  it('contexts.list never shows the home directory', async () => {
    const yes = setup(true);
    const list = await yes.call('contexts.addFile', { path: '~/.kube/plain.yaml' });
    const text = JSON.stringify(list.result);
    expect(text).not.toContain(home);
    expect(list.result.files).toContain('~/.kube/plain.yaml');
    expect(list.result.contexts[0].file).toBe('~/.kube/plain.yaml');
    // The renderer names the file as it was shown to remove it.
    expect((await yes.call('contexts.removeFile', { path: '~/.kube/plain.yaml' })).result.files).toEqual(['~/.kube/config']);
  });

  it('refuses relative paths with a clear message', async () => {
    const r = await setup(true).call('contexts.addFile', { path: '.kube/config' });
    expect(r).toMatchObject({ ok: false, error: { code: 'kubeconfig.path', message: expect.stringMatching(/full path/) } });
  });

  it('changes the probe image only after the user confirms', async () => {
    const no = setup(false);
    expect(await no.call('settings.set', { probeImage: 'evil.example/miner:latest' })).toMatchObject({ ok: false, error: { code: 'confirm.declined' } });
    expect((await no.call('settings.get', {})).result.probeImage).toBeNull();
    // Other settings (and clearing the image) need no confirmation.
    expect((await no.call('settings.set', { theme: 'dark', probeImage: null })).ok).toBe(true);
    expect(no.asked).toEqual([{ kind: 'probe.image', image: 'evil.example/miner:latest' }]);
    const yes = setup(true);
    expect((await yes.call('settings.set', { probeImage: 'registry.corp.example/node:22' })).result.probeImage).toBe('registry.corp.example/node:22');
  });
});
