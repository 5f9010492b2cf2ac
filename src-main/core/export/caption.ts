// The caption block every exported picture carries, so a PNG pasted into a postmortem still says
// what it shows: the service, the cluster context and version, when, the finding, whether it was
// measured (by which probe) or only predicted, and the worst path as one line.
import type { Locale } from '../explain/types';
import type { Session } from '../probe/session-types';
import { pathSummary } from '../topology/summary';
import type { Topology } from '../topology/types';
import { findingText } from './report-model';

export interface SvgCaption {
  title: string;
  /** Label/value rows, drawn in order. */
  rows: { label: string; value: string }[];
}

const WORDS = {
  en: { context: 'Context', cluster: 'Cluster', time: 'Time', finding: 'Finding', path: 'Worst path', measured: 'Measured by probe {id}', predicted: 'Predicted, not measured', matrix: 'NodePort matrix', unknown: 'version unknown' },
  'zh-CN': { context: '上下文', cluster: '集群', time: '时间', finding: '结论', path: '最差路径', measured: '由探测 {id} 实测', predicted: '仅为预测，未实测', matrix: 'NodePort 矩阵', unknown: '版本未知' },
} as const;

/** "2026-12-04 04:30 UTC" from an ISO time (exports are read across time zones). */
export function captionTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function sessionCaption(session: Session, topology: Topology, locale: Locale): SvgCaption {
  const w = WORDS[locale] ?? WORDS.en;
  const target = session.plan.target ? `${session.plan.target.namespace}/${session.plan.target.name}` : w.matrix;
  const summary = pathSummary(topology, null, locale);
  return {
    // A prediction document (session.prediction, nothing measured) must never read as a probe.
    title: `${target} — ${session.prediction ? w.predicted : w.measured.replace('{id}', session.id)}`,
    rows: [
      { label: w.context, value: session.cluster.context },
      { label: w.cluster, value: session.cluster.version ?? w.unknown },
      { label: w.time, value: captionTime(session.finishedAt || session.createdAt) },
      { label: w.finding, value: findingText(session, locale) },
      ...(summary ? [{ label: w.path, value: summary.text }] : []),
    ],
  };
}

/** For a prediction (no probe run): the same block, saying so. */
export function predictionCaption(input: { service: string; context: string; clusterVersion: string | null; time: string; finding: string }, topology: Topology, locale: Locale): SvgCaption {
  const w = WORDS[locale] ?? WORDS.en;
  const summary = pathSummary(topology, null, locale);
  return {
    title: `${input.service} — ${w.predicted}`,
    rows: [
      { label: w.context, value: input.context },
      { label: w.cluster, value: input.clusterVersion ?? w.unknown },
      { label: w.time, value: captionTime(input.time) },
      { label: w.finding, value: input.finding },
      ...(summary ? [{ label: w.path, value: summary.text }] : []),
    ],
  };
}
