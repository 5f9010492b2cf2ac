// What an nginx image brings besides the binary: its main config and default server, as the
// official nginx and openresty images ship them (trimmed), so a pod's ConfigMap mounted at
// /etc/nginx/conf.d or over nginx.conf behaves as it would on a cluster. Debian's nginx builds
// the stream module as a dynamic module, which the official image has built in: it is loaded
// with -g unless the pod's own main config loads modules itself.
import { OPENRESTY_CONF, type NginxFlavor } from './pod-spec';

export const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

const httpBlock = (extra: string) => `http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';
    access_log  /dev/stdout  main;
    sendfile        on;
    keepalive_timeout  65;
${extra}    include /etc/nginx/conf.d/*.conf;
}
`;

const mainConf = (extra = '') => `user  www-data;
worker_processes  1;
error_log  /dev/stderr notice;
pid        /run/nginx.pid;
events {
    worker_connections  1024;
}
${httpBlock(extra)}`;

// nginxinc/nginx-unprivileged: no user switch, pid and temp files in /tmp.
const unprivilegedConf = () => `worker_processes  1;
error_log  /dev/stderr notice;
pid        /tmp/nginx.pid;
events {
    worker_connections  1024;
}
${httpBlock(['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map((d) => `    ${d} /tmp/${d.replace('_path', '')};\n`).join(''))}`;

const defaultServer = (root: string, port = 80) => `server {
    listen       ${port};
    server_name  localhost;
    location / {
        root   ${root};
        index  index.html index.htm;
    }
    error_page   500 502 503 504  /50x.html;
}
`;

export function nginxImageFiles(flavor: NginxFlavor): { path: string; content: string }[] {
  if (flavor === 'openresty') {
    return [
      { path: OPENRESTY_CONF, content: mainConf() },
      { path: '/etc/nginx/conf.d/default.conf', content: defaultServer('/usr/share/nginx/html') },
    ];
  }
  return [
    { path: '/etc/nginx/nginx.conf', content: flavor === 'nginx-unprivileged' ? unprivilegedConf() : mainConf() },
    { path: '/etc/nginx/conf.d/default.conf', content: defaultServer('/usr/share/nginx/html', flavor === 'nginx-unprivileged' ? 8080 : 80) },
  ];
}

/** Add `load_module <stream>` to the -g directives unless the config loads modules itself. */
export function withStreamModule(argv: string[], mainConfig: string | undefined): string[] {
  if (mainConfig && /\bload_module\b[^;]*ngx_stream_module|modules-enabled/.test(mainConfig)) return argv;
  const out = [...argv];
  const g = out.indexOf('-g');
  const directive = `load_module ${STREAM_MODULE};`;
  if (g >= 0 && g + 1 < out.length) out[g + 1] = `${directive} ${out[g + 1]}`;
  else out.push('-g', directive);
  return out;
}

/** The main config file nginx will read: -c, else the flavor's default. */
export function mainConfigPath(argv: string[], flavor: NginxFlavor): string {
  const c = argv.indexOf('-c');
  if (c >= 0 && argv[c + 1]) return argv[c + 1] as string;
  return flavor === 'openresty' ? OPENRESTY_CONF : '/etc/nginx/nginx.conf';
}
