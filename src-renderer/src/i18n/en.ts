// English UI strings. zh-CN.ts must define exactly the same keys (checked by a unit test).
export default {
  app: {
    title: 'SNATScope',
    tagline: 'Where does the client source IP get rewritten?',
  },
  header: {
    language: 'Language',
    theme: 'Theme',
  },
  language: { system: 'System', en: 'English', 'zh-CN': '中文' },
  theme: { system: 'System', light: 'Light', dark: 'Dark' },
  sidebar: {
    title: 'Clusters',
    empty: 'No kubeconfig contexts loaded yet.',
    emptyHint: 'SNATScope reads kubeconfig files the way kubectl does (KUBECONFIG, ~/.kube/config).',
  },
  canvas: {
    title: 'Topology',
    placeholderBanner: 'Example picture — connect a cluster to see yours.',
    desktop: 'This desktop',
    nodePort: 'NodePort {port}',
    snat: 'SNAT → {address}',
    preserved: 'client IP preserved',
    dropped: 'dropped (no local endpoint)',
    aria: 'Network topology diagram',
  },
  details: {
    title: 'Details',
    empty: 'Select a node, pod or path in the picture to see its details.',
    kind: 'Kind',
    name: 'Name',
    address: 'Address',
    verdict: 'Verdict',
    explanation: 'Why',
  },
  kind: { actor: 'Outside client', node: 'Node', pod: 'Pod', path: 'Path' },
  status: {
    mode: { electron: 'Desktop app', browser: 'Browser mode' },
    version: 'v{version}',
    connected: 'Service connected',
    disconnected: 'Service disconnected',
    loading: 'Starting…',
  },
  errors: {
    noToken: 'This page was opened without its access token. Open the URL that “npm run serve” printed (it ends in #token=…).',
    unreachable: 'The SNATScope service is not reachable. Is “npm run serve” still running?',
    generic: 'Something went wrong: {message}',
  },
} as const;
