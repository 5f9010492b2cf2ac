// "What will happen to the client address for this service?" — read only what the question needs,
// then predict every path and scan the service for hazards.
import type { Connection } from '../cluster/contexts-service';
import { assembleClusterInventory, assembleServiceInventory } from '../inventory/assemble';
import { fetchClusterObjects, fetchServiceObjects } from '../inventory/fetch-objects';
import type { ClusterInventory, Inventory } from '../inventory/types';
import type { RelayDecl } from '../prediction/types';
import { scanHazards, type Hazard } from '../scan/scan';
import { answerEach } from './answer';
import { defaultQuestions, type OriginSpec } from './questions';
import type { Answer, InspectResult } from './types';

export type { Answer, InspectResult } from './types';

export function answerQuestions(inventory: Inventory, origins?: OriginSpec[], clientAddress?: string, relays?: RelayDecl[]): Answer[] {
  return answerEach(inventory, defaultQuestions(inventory, origins, clientAddress, relays));
}

export function serviceHazards(inventory: Inventory): Hazard[] {
  if (!inventory.service) return [];
  const cluster: ClusterInventory = {
    cluster: inventory.cluster,
    nodes: inventory.nodes,
    services: [inventory.service],
    endpointSummaries: {
      [`${inventory.service.namespace}/${inventory.service.name}`]: {
        ready: inventory.endpoints.filter((e) => e.ready).length,
        nodes: [...new Set(inventory.endpoints.filter((e) => e.ready && e.nodeName).map((e) => e.nodeName!))].sort(),
      },
    },
    proxy: inventory.proxy,
    cni: inventory.cni,
    ingressControllers: inventory.ingressControllers,
    ingresses: inventory.ingresses,
    warnings: [],
  };
  return scanHazards(cluster);
}

export async function readServiceInventory(connection: Connection, ref: { namespace: string; name: string }, signal?: AbortSignal): Promise<Inventory> {
  const objects = await fetchServiceObjects(connection.client, ref, signal);
  return assembleServiceInventory(objects, { context: connection.entry.name, server: connection.client.server });
}

export async function readClusterInventory(connection: Connection, signal?: AbortSignal): Promise<ClusterInventory> {
  const objects = await fetchClusterObjects(connection.client, signal);
  return assembleClusterInventory(objects, { context: connection.entry.name, server: connection.client.server });
}

export async function inspectService(
  connection: Connection,
  ref: { namespace: string; name: string },
  opts: { origins?: OriginSpec[]; clientAddress?: string; relays?: RelayDecl[]; signal?: AbortSignal } = {},
): Promise<InspectResult> {
  const inventory = await readServiceInventory(connection, ref, opts.signal);
  return { inventory, answers: answerQuestions(inventory, opts.origins, opts.clientAddress, opts.relays), hazards: serviceHazards(inventory) };
}
