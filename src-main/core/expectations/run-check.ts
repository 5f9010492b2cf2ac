// `check`: every service of an expectations file against a prediction (reads the cluster,
// creates nothing) or a probe (the same prepareProbe → runProbe → buildSession the `probe`
// command runs, one mirrored probe per service, each cleaning up after itself).
import type { ProbeOptionsInput } from '../../contract/probe';
import { ProbeOptions } from '../../contract/probe';
import type { Connection } from '../cluster/contexts-service';
import type { Locale } from '../explain/types';
import { answerQuestions, readServiceInventory } from '../inspect/inspect';
import { representativeNodes, type OriginSpec } from '../inspect/questions';
import type { RelayDecl } from '../prediction/types';
import { prepareProbe, runProbe, type ProbeDeps } from '../probe/runner';
import type { Session } from '../probe/session-types';
import { cellsFromPrediction, cellsFromSession } from './cells';
import { evaluateService, type CaseResult } from './evaluate';
import type { ExpectationsFile } from './schema';

export function relayDecls(file: ExpectationsFile): RelayDecl[] {
  return (file.relays ?? []).map((r) => ({ name: r.name, address: r.address, mode: r.mode, proxyProtocol: r.proxyProtocol ?? null, addsXForwardedFor: r.xForwardedFor ?? false, forwardsTo: r.forwardsTo }));
}

function splitRef(ref: string): { namespace: string; name: string } {
  const [namespace, name] = ref.split('/') as [string, string];
  return { namespace, name };
}

export async function checkPredict(connection: Connection, file: ExpectationsFile, locale: Locale, signal?: AbortSignal): Promise<CaseResult[]> {
  const relays = relayDecls(file);
  const results: CaseResult[] = [];
  for (const s of file.services) {
    const inventory = await readServiceInventory(connection, splitRef(s.service), signal).catch((e: unknown) => {
      throw connection.classify(e);
    });
    // Ask exactly the questions the expectations need: desktop, pods on the representative
    // nodes (as inspect does), and the named pods and nodes.
    const origins: OriginSpec[] = [];
    const add = (o: OriginSpec) => {
      if (!origins.some((x) => JSON.stringify(x) === JSON.stringify(o))) origins.push(o);
    };
    for (const e of s.expect) {
      if (e.from === 'desktop') add({ kind: 'desktop' });
      else if (e.from === 'pods') for (const n of representativeNodes(inventory)) add({ kind: 'pod', node: n.name });
      else if (/^(pod|node)\//.test(e.from)) {
        const [kind, node] = e.from.split('/') as ['pod' | 'node', string];
        add({ kind, node });
      }
    }
    // A node the cluster does not have would be predicted as if it existed: refuse, naming it.
    const named = [...s.expect.flatMap((e) => [e.from, e.via ?? ''])].flatMap((t) => (/^(pod|node)\/(.+)$/.exec(t)?.[2] ? [/^(pod|node)\/(.+)$/.exec(t)![2]!] : []));
    const missing = [...new Set(named.filter((n) => !inventory.nodes.some((x) => x.name === n)))];
    if (missing.length) throw new Error(`${s.service}: no such node: ${missing.join(', ')} (nodes: ${inventory.nodes.map((n) => n.name).join(', ') || 'none'})`);
    const answers = answerQuestions(inventory, origins, undefined, relays);
    results.push(...evaluateService(s.service, s.expect, cellsFromPrediction(inventory, answers), locale));
  }
  return results;
}

export interface ProbeCheckOptions {
  contextId?: string;
  image?: string;
  imagePullSecrets?: string[];
  readyTimeoutSeconds?: number;
  repeat?: number;
}

/** The probe options for one service of the file (exported for the dry run and the tests). */
export function probeOptionsFor(file: ExpectationsFile, service: ExpectationsFile['services'][number], opts: ProbeCheckOptions): ProbeOptions {
  const desktop = service.expect.some((e) => e.from === 'desktop' || e.from.startsWith('relay/'));
  const pods = service.expect.some((e) => e.from === 'pods' || e.from.startsWith('pod/'));
  const relays = relayDecls(file).flatMap((r) => {
    const listen = file.relays?.find((x) => x.name === r.name)?.listen;
    return listen ? [{ ...r, listen }] : [];
  });
  const input: ProbeOptionsInput = {
    contextId: opts.contextId ?? '0000000000000000',
    target: { kind: 'service', ...splitRef(service.service) },
    origins: { desktop, pods },
    relays,
    fixedNodePorts: file.probe?.fixedNodePorts ?? {},
    ...(opts.image ? { image: opts.image } : {}),
    ...(opts.imagePullSecrets?.length ? { imagePullSecrets: opts.imagePullSecrets } : {}),
    ...(opts.readyTimeoutSeconds ? { readyTimeoutSeconds: opts.readyTimeoutSeconds } : {}),
    ...(opts.repeat ? { repeat: opts.repeat } : {}),
  };
  return ProbeOptions.parse(input);
}

export async function checkProbe(
  deps: ProbeDeps,
  file: ExpectationsFile,
  opts: ProbeCheckOptions & { locale: Locale; session: (outcome: Awaited<ReturnType<typeof runProbe>>) => Session },
  signal?: AbortSignal,
): Promise<{ results: CaseResult[]; sessions: Session[] }> {
  const results: CaseResult[] = [];
  const sessions: Session[] = [];
  for (const s of file.services) {
    if (signal?.aborted) break;
    const prepared = await prepareProbe(deps, probeOptionsFor(file, s, opts), signal);
    const session = opts.session(await runProbe(deps, prepared, signal));
    sessions.push(session);
    if (session.status !== 'completed') break;
    results.push(...evaluateService(s.service, s.expect, cellsFromSession(session), opts.locale));
  }
  return { results, sessions };
}
