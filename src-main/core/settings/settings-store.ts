import { MAX_RELAY_CONTEXTS, Settings } from '../../contract';
import type { FileStore } from '../ports/file-store';

export interface SettingsStore {
  get(): Promise<Settings>;
  /**
   * Main-side update: may touch fields the renderer cannot set directly (e.g. kubeconfigFiles).
   * A function receives the current settings inside the write queue, for read-modify-write.
   */
  update(patch: Partial<Settings> | ((current: Settings) => Partial<Settings>)): Promise<Settings>;
}

export interface SettingsStoreOptions {
  files: FileStore;
  path: string;
  /** Reports a settings file that could not be read; the app then starts from defaults. */
  onCorrupt?: (reason: string) => void;
}

/**
 * Settings persisted as JSON in the app's data directory. A missing, unreadable or invalid
 * file yields defaults (and is reported) rather than blocking start-up; fields that fail
 * validation are dropped one by one so one bad value does not reset the rest.
 */
export function createSettingsStore({ files, path, onCorrupt }: SettingsStoreOptions): SettingsStore {
  let cached: Settings | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Settings> {
    if (cached) return cached;
    const text = await files.read(path);
    cached = text === null ? Settings.parse({}) : parseLenient(text, onCorrupt);
    return cached;
  }

  return {
    get: () => load(),
    update(patch) {
      // Serialise writes so two quick updates cannot interleave and lose one.
      const next = queue.then(async () => {
        const current = await load();
        const updated = Settings.parse({ ...current, ...(typeof patch === 'function' ? patch(current) : patch) });
        await files.write(path, `${JSON.stringify(updated, null, 2)}\n`);
        cached = updated;
        return updated;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function parseLenient(text: string, onCorrupt?: (reason: string) => void): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    onCorrupt?.(`settings file is not valid JSON (${(error as Error).message}); using defaults`);
    return Settings.parse({});
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    onCorrupt?.('settings file is not a JSON object; using defaults');
    return Settings.parse({});
  }
  const whole = Settings.safeParse(raw);
  if (whole.success) return whole.data;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.prototype.hasOwnProperty.call(Settings.shape, key)) continue;
    const field = Settings.shape[key as keyof typeof Settings.shape];
    if (field.safeParse(value).success) kept[key] = value;
    else onCorrupt?.(`settings field ${key} is invalid; using its default`);
  }
  return Settings.parse(kept);
}

/**
 * One context's relays replaced in the per-context map. The context moves to the end (object keys
 * keep insertion order), so when the map is full the least recently saved context is dropped.
 */
export function withContextRelays(all: Settings['relays'], contextId: string, relays: Settings['relays'][string], max = MAX_RELAY_CONTEXTS): Settings['relays'] {
  const next: Settings['relays'] = {};
  for (const [id, list] of Object.entries(all)) if (id !== contextId) next[id] = list;
  if (relays.length) next[contextId] = relays;
  const ids = Object.keys(next);
  for (const id of ids.slice(0, Math.max(0, ids.length - max))) delete next[id];
  return next;
}
