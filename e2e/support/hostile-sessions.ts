// Twenty malformed or hostile session files, made from a real session's text: the app must answer
// each with a clear error (and keep working). The same kinds as the unit cases in
// src-main/core/export/session-file.test.ts, each reaching main's parser through the bridge
// (which takes as much as the app opens: 64 MiB of file).
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function hostileSessions(text: string): { name: string; text: string }[] {
  const doc = (): Doc => JSON.parse(text) as Doc;
  const edit = (fn: (d: Doc) => void) => {
    const d = doc();
    fn(d);
    return JSON.stringify(d);
  };
  const cases: [string, () => string][] = [
    ['truncated', () => text.slice(0, Math.floor(text.length / 2))],
    ['empty', () => ''],
    ['a-list', () => '[1,2,3]'],
    ['null', () => 'null'],
    ['wrong-kind', () => edit((d) => (d.kind = 'kubeconfig'))],
    ['newer-version', () => edit((d) => (d.version = 99))],
    ['version-zero', () => edit((d) => (d.version = 0))],
    ['version-as-string', () => edit((d) => (d.version = '2'))],
    ['paths-not-a-list', () => edit((d) => (d.paths = 'many'))],
    ['unknown-verdict', () => edit((d) => (d.paths[0].observed.verdict = 'hacked'))],
    ['number-as-string', () => edit((d) => (d.paths[0].requests = '3'))],
    ['huge-string', () => edit((d) => (d.cluster.context = 'x'.repeat(500_000)))],
    ['huge-list', () => edit((d) => (d.warnings = Array.from({ length: 5000 }, () => 'w')))],
    ['proto-key', () => text.replace(/"kind": ?"snatscope.session",/, '"kind": "snatscope.session", "__proto__": { "polluted": true },')],
    ['constructor-key', () => edit((d) => (d.inventory.nodes[0].labels = JSON.parse('{"constructor": {"prototype": {"polluted": true}}}')))],
    ['deep-nesting', () => edit((d) => (d.observations = [JSON.parse('['.repeat(200) + ']'.repeat(200))]))],
    ['missing-inventory', () => edit((d) => delete d.inventory)],
    ['path-as-id', () => edit((d) => (d.id = '../../etc/passwd'))],
    ['html-and-script', () => edit((d) => (d.status = '<img src=x onerror=alert(1)>'))],
    ['binary-garbage', () => '\u0000\u0001\u0002PK\u0003\u0004'],
    // Issue 17: a deep `[[[…]]]` (parsed in a worker, refused by the linear scan first) and a file
    // that is also a kubeconfig (unknown keys are refused, not dropped).
    ['deep-8mb', () => '['.repeat(4_000_000) + ']'.repeat(4_000_000)],
    ['also-a-kubeconfig', () => edit((d) => Object.assign(d, { clusters: [], users: [{ name: 'x', user: { exec: { command: 'sh' } } }], contexts: [] }))],
  ];
  return cases.map(([name, make]) => ({ name: `${name}.json`, text: make() }));
}
