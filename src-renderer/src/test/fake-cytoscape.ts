// jsdom has no canvas: component tests replace cytoscape with this recording fake; the real
// rendering is covered by the Playwright tests in Chromium.
export interface FakeCy {
  options: { elements: unknown[]; style: unknown; layout?: { name: string; animate?: boolean } };
  elements: unknown[];
  added: unknown[][];
  styles: unknown[];
  layouts: { name: string; animate?: boolean }[];
  selected: string | null;
  handlers: Record<string, (e: unknown) => void>;
  destroyed: boolean;
}

export const instances: FakeCy[] = [];

export function fakeCytoscape(options: FakeCy['options']) {
  const inst: FakeCy = { options, elements: options.elements, added: [], styles: [], layouts: [], selected: null, handlers: {}, destroyed: false };
  instances.push(inst);
  const cy = {
    batch: (fn: () => void) => fn(),
    elements: (_selector?: string) => ({
      remove: () => {
        inst.elements = [];
      },
      unselect: () => {
        inst.selected = null;
      },
    }),
    add: (els: unknown[]) => {
      inst.added.push(els);
      inst.elements = els;
    },
    layout: (l: { name: string; animate?: boolean }) => ({ run: () => inst.layouts.push(l) }),
    getElementById: (id: string) => ({ select: () => (inst.selected = id) }),
    style: (s: unknown) => inst.styles.push(s),
    on: (name: string, a: unknown, b?: unknown) => {
      const key = typeof a === 'string' ? `${name} ${a}` : name;
      inst.handlers[key] = (typeof a === 'function' ? a : b) as (e: unknown) => void;
    },
    destroy: () => (inst.destroyed = true),
  };
  return cy;
}
