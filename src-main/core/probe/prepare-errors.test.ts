// prepareProbe fails only with classified errors: a raw API failure while it reads the cluster
// (here a 503 on the node list, as the lab's fault injector sends) reaches every caller with a code.
import { describe, expect, it } from 'vitest';
import { ProbeOptions } from '../../contract/probe';
import { classifyError } from '../cluster/classify-error';
import { KubeApiError } from '../cluster/kube-api-error';
import type { KubeClient } from '../cluster/kube-client';
import { AppError } from '../rpc/app-error';
import { prepareProbe, type ProbeDeps } from './runner';

function depsFailingWith(error: Error): ProbeDeps {
  const fail = () => Promise.reject(error);
  const client: KubeClient = {
    server: 'https://198.18.0.1:6443',
    userName: 'admin',
    namespace: 'default',
    request: fail,
    getObject: fail,
    // eslint-disable-next-line require-yield -- a list that fails on its first page
    listPages: async function* () {
      throw error;
    },
    watch: fail,
    stream: fail,
    close: () => undefined,
  };
  return {
    client,
    contextName: 'lab',
    classify: (e) => classifyError(e, { host: '198.18.0.1', port: 6443, user: 'admin', execCommand: null }),
    clock: { now: () => new Date('2026-12-04T00:00:00Z') } as ProbeDeps['clock'],
    owner: { user: 't', host: 'h', pid: 1 },
    echoSource: '',
    desktop: { run: () => Promise.resolve([]) },
    emit: () => undefined,
    log: () => undefined,
  };
}

describe('prepareProbe', () => {
  it('classifies an API failure while reading the cluster', async () => {
    const options = ProbeOptions.parse({ contextId: '0000000000000000', target: { kind: 'service', namespace: 'default', name: 'frontend' } });
    const error = await prepareProbe(depsFailingWith(new KubeApiError({ status: 503, method: 'GET', path: '/api/v1/nodes', body: 'injected' })), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toMatch(/^k8s\./);
    expect((error as AppError).message).toBeTruthy();
  });
});
