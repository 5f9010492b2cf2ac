// Context selection for inspect/scan/probe: the message names the context that is missing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextsServiceFor, selectContext } from './cluster-options';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-select-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (current: string | null) =>
  `apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: dev\n  context: {cluster: c, user: u}\n${current ? `current-context: ${current}\n` : ''}`;

describe('selectContext', () => {
  it('names the missing current-context, the missing --context, or says none is set', async () => {
    const gone = join(dir, 'gone.yaml');
    await writeFile(gone, file('prod-eu'));
    const svc = contextsServiceFor({ kubeconfig: gone }, {});
    await expect(selectContext(svc, { kubeconfig: gone })).rejects.toMatchObject({ code: 'k8s.context.missing', message: expect.stringContaining('"prod-eu"') });
    await expect(selectContext(svc, { kubeconfig: gone, context: 'staging' })).rejects.toMatchObject({ message: expect.stringContaining('"staging"') });
    expect((await selectContext(svc, { kubeconfig: gone, context: 'dev' })).name).toBe('dev');
    svc.close();
    const none = join(dir, 'none.yaml');
    await writeFile(none, file(null));
    const svc2 = contextsServiceFor({ kubeconfig: none }, {});
    await expect(selectContext(svc2, { kubeconfig: none })).rejects.toMatchObject({ code: 'k8s.context.none-current', action: expect.stringContaining('--context') });
    svc2.close();
  });
});
