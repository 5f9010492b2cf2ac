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
  viewport: { zoom: number; pan: { x: number; y: number } };
}

export const instances: FakeCy[] = [];

export function fakeCytoscape(options: FakeCy['options']) {
  const inst: FakeCy = { options, elements: options.elements, added: [], styles: [], layouts: [], selected: null, handlers: {}, destroyed: false, viewport: { zoom: 1, pan: { x: 0, y: 0 } } };
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
    // Viewport: a fixed 800×500 canvas; what the component asks is recorded.
    width: () => 800,
    height: () => 500,
    zoom: (z?: number | { level: number }) => {
      if (z === undefined) return inst.viewport.zoom;
      inst.viewport.zoom = typeof z === 'number' ? z : z.level;
      return undefined;
    },
    pan: (p?: { x: number; y: number }) => {
      if (!p) return inst.viewport.pan;
      inst.viewport.pan = p;
      return undefined;
    },
    viewport: (v: { zoom: number; pan: { x: number; y: number } }) => {
      inst.viewport = { zoom: v.zoom, pan: { ...v.pan } };
    },
    extent: () => ({ x1: -inst.viewport.pan.x / inst.viewport.zoom, y1: -inst.viewport.pan.y / inst.viewport.zoom, x2: (800 - inst.viewport.pan.x) / inst.viewport.zoom, y2: (500 - inst.viewport.pan.y) / inst.viewport.zoom }),
    resize: () => undefined,
  };
  return cy;
}
