// Watches kubeconfig files for changes. Editors and `kubectl config` replace files atomically
// (write + rename), which ends a watch on the file itself, so watch each file's directory and
// filter by name; changes are debounced into one callback.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export type WatchFiles = (files: readonly string[], onChange: () => void) => () => void;

export const watchFiles: WatchFiles = (files, onChange) => {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = dirname(f);
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(basename(f));
  }
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, 150);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || names.has(name.toString())) fire();
      });
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // The directory does not exist (yet): nothing to watch; the list shows the file as missing.
    }
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
};
