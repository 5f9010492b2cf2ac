// File access behind a small interface so stores are unit-tested with an in-memory fake.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FileStore {
  /** The file's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** Replaces the file atomically (write to a temp file, then rename). */
  write(path: string, text: string): Promise<void>;
}

export function nodeFileStore(): FileStore {
  return {
    async read(path) {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(path, text) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, text, { encoding: 'utf8', mode: 0o600 });
      await rename(tmp, path);
    },
  };
}

export function memoryFileStore(initial: Record<string, string> = {}): FileStore & { files: Map<string, string> } {
  const files = new Map(Object.entries(initial));
  return {
    files,
    async read(path) {
      return files.get(path) ?? null;
    },
    async write(path, text) {
      files.set(path, text);
    },
  };
}
