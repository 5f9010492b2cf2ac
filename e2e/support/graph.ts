// Reads what cytoscape holds in the page (the canvas container keeps a `__cy` handle), so tests
// assert on element data rather than on pixels.
import type { Page } from '@playwright/test';

export interface GraphNode {
  id: string;
  kind: string;
  label: string;
  parent?: string;
  address: string | null;
  at?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  verdict: string;
  label: string;
  arrow: string;
  line: string;
  segment: string;
  mismatch: boolean;
}

export async function graphData(page: Page): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  return page.getByTestId('topology-canvas').evaluate((el) => {
    type Ele = { data(): Record<string, unknown> };
    type Coll = { map<T>(fn: (e: Ele) => T): T[] };
    const cy = (el as HTMLElement & { __cy?: { nodes(): Coll; edges(): Coll } }).__cy;
    if (!cy) return { nodes: [], edges: [] };
    return {
      // Edge labels are drawn as nodes of their own (kind "edge-label"); they are not graph nodes.
      nodes: cy
        .nodes()
        .map((n) => n.data() as unknown as GraphNode)
        .filter((n) => n.kind !== 'edge-label'),
      edges: cy.edges().map((e) => e.data() as unknown as GraphEdge),
    };
  });
}

/** Whether cytoscape has drawn anything (non-transparent pixels on its canvases). */
export async function canvasHasInk(page: Page): Promise<boolean> {
  return page.getByTestId('topology-canvas').evaluate((el) =>
    [...el.querySelectorAll('canvas')].some((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || !c.width || !c.height) return false;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
      return false;
    }),
  );
}

/** A screenshot kept in the test's output directory and attached to the report. */
export async function snapshot(page: Page, testInfo: { outputPath(name: string): string; attach(name: string, o: { path: string; contentType: string }): Promise<void> }, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
