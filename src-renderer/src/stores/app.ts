import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '../../../src-main/contract';
import { ApiError } from '../api/api-error';
import { connectApi } from '../api/client';

export type StartupProblem = 'noToken' | 'unreachable' | 'generic';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const connected = ref<boolean | null>(null);
  const problem = ref<{ kind: StartupProblem; message: string } | null>(null);

  async function load(): Promise<void> {
    const handle = connectApi((up) => (connected.value = up));
    try {
      info.value = await handle.api.app.info({});
      connected.value = true;
      problem.value = null;
    } catch (error) {
      connected.value = false;
      const code = error instanceof ApiError ? error.code : '';
      const kind: StartupProblem = code === 'bridge-no-token' || code === 'http-401' ? 'noToken' : code === 'bridge-unreachable' ? 'unreachable' : 'generic';
      problem.value = { kind, message: (error as Error).message };
    }
  }

  return { info, connected, problem, load };
});
