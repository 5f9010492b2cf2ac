import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ExecLogin } from '../../../src-main/contract';
import { connectApi } from '../api/client';

/** Exec credential plugins currently asking the user something (contexts.login events). */
export const useLoginsStore = defineStore('logins', () => {
  const byId = ref<Record<string, ExecLogin>>({});
  let unsubscribe: (() => void) | null = null;

  const waiting = computed(() => Object.values(byId.value).filter((l) => l.state === 'waiting'));

  function listen(): void {
    unsubscribe ??= connectApi().api.contexts.onLogin((login) => {
      if (login.state === 'finished') {
        const { [login.loginId]: _gone, ...rest } = byId.value;
        byId.value = rest;
      } else byId.value = { ...byId.value, [login.loginId]: login };
    });
  }

  async function cancel(loginId: string): Promise<void> {
    await connectApi().api.contexts.cancelLogin({ loginId });
  }

  return { byId, waiting, listen, cancel };
});
