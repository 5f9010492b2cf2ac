// @ts-check
// The per-node agent: runs inside a node's network namespace (started with `ip netns exec`),
// because a Node.js process cannot enter another namespace itself. It
//  - serves kube-proxy's health checks (healthCheckNodePort per Local LB service, and /healthz
//    on 10256) with responses the lab computes,
//  - runs kubelet probes (HTTP GET / TCP connect) from the node, as a kubelet would.
// Control channel: newline-delimited JSON on a unix socket path (path sockets cross netns).
// The agent exits when that connection closes, so it never outlives the lab.
import http from 'node:http';
import net from 'node:net';
import { rmSync } from 'node:fs';

const socketPath = process.argv[2];
// --no-healthz: upstream kube-proxy runs in this node and serves its health checks itself.
const serveHealthz = !process.argv.includes('--no-healthz');
if (!socketPath) {
  process.stderr.write('usage: node-agent.mjs <socket>\n');
  process.exit(2);
}

/** @type {Map<number, { server: http.Server, response: { status: number, headers: Record<string,string>, body: string } }>} */
const healthServers = new Map();
let proxyUpdated = new Date();

/** @param {number} port @param {() => {status:number, headers:Record<string,string>, body:string}} respond */
function listen(port, respond) {
  const server = http.createServer((req, res) => {
    const r = respond();
    res.writeHead(r.status, { ...r.headers, 'Content-Length': String(Buffer.byteLength(r.body)) });
    res.end(r.body);
    req.resume();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}

async function syncHealth(/** @type {{port:number,status:number,headers:Record<string,string>,body:string}[]} */ servers) {
  proxyUpdated = new Date();
  const wanted = new Map(servers.map((s) => [s.port, s]));
  const errors = [];
  for (const [port, entry] of healthServers) {
    if (!wanted.has(port)) {
      entry.server.close();
      healthServers.delete(port);
    }
  }
  for (const [port, s] of wanted) {
    const response = { status: s.status, headers: s.headers, body: s.body };
    const existing = healthServers.get(port);
    if (existing) {
      existing.response = response;
      continue;
    }
    const entry = { server: /** @type {any} */ (null), response };
    try {
      entry.server = await listen(port, () => entry.response);
      healthServers.set(port, entry);
    } catch (err) {
      errors.push(`port ${port}: ${/** @type {Error} */ (err).message}`);
    }
  }
  return { errors };
}

/** kubelet's HTTP probe: GET, success for 200 ≤ status < 400. */
function httpProbe(/** @type {any} */ p) {
  const url = `http://${p.host}:${p.port}${p.path || '/'}`;
  return new Promise((resolve) => {
    const headers = { 'User-Agent': 'kube-probe/1.30', Accept: '*/*' };
    for (const h of p.headers ?? []) headers[h.name] = h.value;
    const req = http.get(url, { headers, timeout: p.timeoutMs, agent: false }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      if (code >= 200 && code < 400) resolve({ ok: true, message: `HTTP probe succeeded with statuscode: ${code}` });
      else resolve({ ok: false, message: `HTTP probe failed with statuscode: ${code}` });
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
    });
    req.on('error', (/** @type {any} */ err) => {
      const why = err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.code === 'EHOSTUNREACH' ? 'connect: no route to host' : err.message;
      resolve({ ok: false, message: `Get "${url}": dial tcp ${p.host}:${p.port}: ${why}` });
    });
  });
}

function tcpProbe(/** @type {any} */ p) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: p.host, port: p.port });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ ok: false, message: `dial tcp ${p.host}:${p.port}: i/o timeout` });
    }, p.timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ ok: true, message: '' });
    });
    sock.once('error', (/** @type {any} */ err) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `dial tcp ${p.host}:${p.port}: ${err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message}` });
    });
  });
}

async function handle(/** @type {any} */ msg) {
  switch (msg.op) {
    case 'ping':
      return { ok: true };
    case 'health':
      return { ok: true, ...(await syncHealth(msg.servers ?? [])) };
    case 'probe':
      return msg.kind === 'tcp' ? tcpProbe(msg) : httpProbe(msg);
    default:
      return { ok: false, message: `unknown op ${msg.op}` };
  }
}

rmSync(socketPath, { force: true });
let controlled = false;
const control = net.createServer((conn) => {
  controlled = true;
  let buffer = '';
  conn.setEncoding('utf8');
  conn.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      const msg = JSON.parse(line);
      handle(msg).then(
        (res) => conn.write(JSON.stringify({ id: msg.id, ...res }) + '\n'),
        (err) => conn.write(JSON.stringify({ id: msg.id, ok: false, message: String(err) }) + '\n'),
      );
    }
  });
  // The lab is gone (stopped or killed): so are we.
  conn.on('close', () => process.exit(0));
  conn.on('error', () => process.exit(0));
});

// kube-proxy's own health endpoint, checked by LBs for Cluster-policy services.
if (serveHealthz) listen(10256, () => ({
  status: 200,
  headers: { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' },
  body: JSON.stringify({ lastUpdated: proxyUpdated.toISOString(), currentTime: new Date().toISOString(), nodeEligible: true }),
})).catch((err) => process.stderr.write(`healthz: ${err.message}\n`));

control.listen(socketPath, () => process.stdout.write('ready\n'));
// Nobody connected within a minute: the lab died while starting us.
setTimeout(() => {
  if (!controlled) process.exit(1);
}, 60_000).unref();
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
