/// <reference types="vite/client" />
import type { RawApi } from '../../src-main/contract';

declare global {
  interface Window {
    /** Present in Electron (exposed by the preload); absent in browser mode. */
    snatscope?: RawApi;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

export {};
