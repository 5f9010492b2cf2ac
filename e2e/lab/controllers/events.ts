// Records core/v1 Events about objects, aggregated by (object, reason, message) like the
// client-go event recorder, so `kubectl describe` shows them with counts.
import { randomBytes } from 'node:crypto';
import type { ObjectApi } from '../api/object-api';
import { groupVersion, resourceByKind, resourceByPlural } from '../api/resources';
import type { Obj } from '../api/store';

export class EventRecorder {
  private readonly seen = new Map<string, string>();

  constructor(private readonly api: ObjectApi) {}

  record(involved: Obj, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal', component = 'lab', host?: string): void {
    const events = resourceByPlural('events');
    const namespace = involved.metadata.namespace || 'default';
    const key = `${involved.metadata.uid}|${reason}|${message}`;
    const now = this.api.now();
    const existing = this.seen.get(key);
    if (existing) {
      const cur = this.api.store.get(events, namespace, existing);
      if (cur) {
        this.api.store.update(events, { ...cur, count: Number(cur.count ?? 1) + 1, lastTimestamp: now });
        return;
      }
    }
    const name = `${involved.metadata.name}.${randomBytes(8).toString('hex')}`;
    this.seen.set(key, name);
    const res = resourceByKind(String(involved.apiVersion ?? ''), String(involved.kind ?? ''));
    const source: Record<string, string> = { component };
    if (host) source.host = host;
    try {
      this.api.create(events, namespace, {
        metadata: { name, namespace },
        involvedObject: {
          kind: involved.kind,
          namespace: involved.metadata.namespace,
          name: involved.metadata.name,
          uid: involved.metadata.uid,
          apiVersion: res ? groupVersion(res) : involved.apiVersion,
          resourceVersion: involved.metadata.resourceVersion,
        },
        reason,
        message,
        source,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: host ?? '',
      } as unknown as Obj);
    } catch {
      // The namespace may be terminating; events are best effort, as in a real cluster.
    }
  }
}
