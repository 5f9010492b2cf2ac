// Electron security checklist #16 "Use a current version of Electron": the version is pinned
// exactly (package.json and the lockfile agree), and must be one of the three stable majors
// Electron supports. LATEST_STABLE_MAJOR is raised when Electron ships a new major; the test of
// this module fails once the pin falls out of the supported window.
export const LATEST_STABLE_MAJOR = 45;
/** Electron supports the latest three stable major lines. */
export const SUPPORTED_MAJORS = 3;

export interface PackageFacts {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function electronPinProblems(pkg: PackageFacts, lockedVersion: string | null, latestMajor = LATEST_STABLE_MAJOR): string[] {
  const problems: string[] = [];
  const pinned = pkg.devDependencies?.electron;
  if (pkg.dependencies?.electron) problems.push('electron belongs in devDependencies (the packager ships the binary)');
  if (!pinned) return [...problems, 'electron is not a devDependency'];
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(pinned);
  if (!m) return [...problems, `electron must be pinned to an exact version, not "${pinned}"`];
  const major = Number(m[1]);
  if (major <= latestMajor - SUPPORTED_MAJORS) problems.push(`electron ${pinned} is out of support (supported: ${latestMajor - SUPPORTED_MAJORS + 1}.x to ${latestMajor}.x)`);
  if (lockedVersion !== pinned) problems.push(`the lockfile has electron ${lockedVersion ?? '(none)'}, package.json pins ${pinned}`);
  for (const name of ['@electron/remote', 'electron-remote']) {
    if (pkg.dependencies?.[name] || pkg.devDependencies?.[name]) problems.push(`${name} re-creates the removed remote module: do not use it`);
  }
  return problems;
}
