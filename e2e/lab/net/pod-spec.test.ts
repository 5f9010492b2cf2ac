import { describe, expect, it } from 'vitest';
import type { KObject } from '../data-plane';
import { withStreamModule } from './images';
import { ContainerConfigError, VolumeError, containerEnv, containerProgram, expandVars, mountsOf, parseImage, planVolumes, probeSpec, runAsOf } from './pod-spec';

const pod = (spec: object, meta: object = {}): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'shop', uid: 'u-1', labels: { app: 'web' }, ...meta }, spec: { nodeName: 'node1', ...spec } });
const store = new Map<string, KObject>([
  ['configmaps/shop/conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: 'shop' }, data: { 'a.conf': 'A', mode: 'fast' } }],
  ['secrets/shop/creds', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'shop' }, data: { token: Buffer.from('s3cret').toString('base64') } }],
]);
const get = (r: string, ns: string | undefined, n: string) => store.get(`${r}/${ns}/${n}`);

describe('images', () => {
  it('normalizes references like a container runtime', () => {
    expect(parseImage('nginx').full).toBe('docker.io/library/nginx:latest');
    expect(parseImage('bitnami/nginx:1.25').full).toBe('docker.io/bitnami/nginx:1.25');
    expect(parseImage('registry.k8s.io/ingress-nginx/controller:v1.11.2').path).toEqual(['ingress-nginx', 'controller']);
    expect(parseImage('localhost:5000/app@sha256:abc').full).toBe('localhost:5000/app@sha256:abc');
  });

  it('runs node commands, nginx and openresty images, the ingress-nginx stand-in — nothing else', () => {
    expect(containerProgram({ image: 'anything:1', command: ['node', 'server.js'], args: ['--port', '80'] })).toEqual({ kind: 'node', argv: ['/usr/bin/node', 'server.js', '--port', '80'] });
    expect(containerProgram({ image: 'node:20', args: ['app.js'] })).toEqual({ kind: 'node', argv: ['/usr/bin/node', 'app.js'] });
    expect(containerProgram({ image: 'nginx:1.27' })).toEqual({ kind: 'nginx', flavor: 'nginx', argv: ['/usr/sbin/nginx', '-g', 'daemon off;'] });
    expect(containerProgram({ image: 'openresty/openresty:alpine' })).toEqual({ kind: 'nginx', flavor: 'openresty', argv: ['/usr/sbin/nginx', '-c', '/usr/local/openresty/nginx/conf/nginx.conf', '-g', 'daemon off;'] });
    expect(containerProgram({ image: 'nginxinc/nginx-unprivileged' })).toMatchObject({ flavor: 'nginx-unprivileged' });
    expect(containerProgram({ image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2', args: ['/nginx-ingress-controller'] })).toEqual({ kind: 'ingress-nginx', args: ['/nginx-ingress-controller'] });
    expect(containerProgram({ image: 'busybox', command: ['sh', '-c', 'sleep 1'] })).toEqual({ kind: 'unsupported' });
    expect(containerProgram({ image: 'registry.example/team/app:1.2' })).toEqual({ kind: 'unsupported' });
  });

  it('loads the stream module for nginx unless the main config loads modules itself', () => {
    expect(withStreamModule(['/usr/sbin/nginx', '-g', 'daemon off;'], undefined)).toEqual(['/usr/sbin/nginx', '-g', 'load_module /usr/lib/nginx/modules/ngx_stream_module.so; daemon off;']);
    expect(withStreamModule(['/usr/sbin/nginx'], 'include /etc/nginx/modules-enabled/*.conf;')).toEqual(['/usr/sbin/nginx']);
  });
});

describe('environment', () => {
  it('fills the downward API, ConfigMap/Secret keys and expands $(VAR) like kubelet', () => {
    const c = {
      envFrom: [{ configMapRef: { name: 'conf' }, prefix: 'CM_' }],
      env: [
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        { name: 'URL', value: 'http://$(IP):80/$(POD)?$$(x) $(NOPE)' },
      ],
    };
    const env = new Map(containerEnv(pod({}), c, { podIP: '198.19.1.5', hostIP: '198.18.0.11' }, get));
    expect(env.get('HOSTNAME')).toBe('web-0');
    expect(env.get('CM_mode')).toBe('fast');
    expect(env.get('APP')).toBe('web');
    expect(env.get('TOKEN')).toBe('s3cret');
    expect(env.get('HOST_IP')).toBe('198.18.0.11');
    expect(env.get('URL')).toBe('http://198.19.1.5:80/web-0?$(x) $(NOPE)');
  });

  it('reports a missing ConfigMap as kubelet does (CreateContainerConfigError)', () => {
    expect(() => containerEnv(pod({}), { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'gone', key: 'k' } } }] }, { podIP: '', hostIP: '' }, get)).toThrow(new ContainerConfigError('configmap "gone" not found'));
    expect(containerEnv(pod({}), { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'gone', key: 'k', optional: true } } }] }, { podIP: '', hostIP: '' }, get).some(([k]) => k === 'X')).toBe(false);
    expect(expandVars('$(A)$(B)', new Map([['A', '1']]))).toBe('1$(B)');
  });
});

describe('probes, users, volumes', () => {
  it('resolves named probe ports and kubelet defaults', () => {
    expect(probeSpec({ httpGet: { path: '/healthz', port: 'http' } }, { ports: [{ name: 'http', containerPort: 8080 }] })).toMatchObject({ kind: 'http', port: 8080, path: '/healthz', periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 });
    expect(probeSpec({ tcpSocket: { port: 5432 }, periodSeconds: 2 }, {})).toMatchObject({ kind: 'tcp', port: 5432, periodSeconds: 2 });
    expect(() => probeSpec({ httpGet: { port: 'missing' } }, {})).toThrow(ContainerConfigError);
  });

  it('takes the user from the container over the pod, and refuses root with runAsNonRoot', () => {
    expect(runAsOf(pod({ securityContext: { runAsUser: 1000, fsGroup: 2000 } }), { securityContext: { runAsUser: 1001 } })).toEqual({ uid: 1001, gid: undefined, groups: [2000], runAsNonRoot: false });
    expect(() => runAsOf(pod({ securityContext: { runAsNonRoot: true } }), {})).toThrow('container has runAsNonRoot and image will run as root');
  });

  it('materializes ConfigMap/Secret volumes (items, modes) and fails mounting a missing one', () => {
    const p = pod({
      volumes: [
        { name: 'c', configMap: { name: 'conf', items: [{ key: 'a.conf', path: 'conf.d/a.conf', mode: 0o600 }] } },
        { name: 's', secret: { secretName: 'creds' } },
        { name: 'tmp', emptyDir: {} },
      ],
    });
    const vols = planVolumes(p, get);
    expect(vols[0]).toEqual({ name: 'c', kind: 'files', files: [{ path: 'conf.d/a.conf', content: Buffer.from('A'), mode: 0o600 }] });
    expect(vols[1]).toMatchObject({ kind: 'files', files: [{ path: 'token', content: Buffer.from('s3cret') }] });
    expect(vols[2]).toEqual({ name: 'tmp', kind: 'emptyDir' });
    expect(mountsOf({ volumeMounts: [{ name: 'c', mountPath: '/etc/app', subPath: 'conf.d' }] }, vols)).toEqual([{ volume: 'c', subPath: 'conf.d', mountPath: '/etc/app', readOnly: true }]);
    expect(() => planVolumes(pod({ volumes: [{ name: 'x', configMap: { name: 'gone' } }] }), get)).toThrow(new VolumeError('MountVolume.SetUp failed for volume "x" : configmap "gone" not found'));
    expect(() => planVolumes(pod({ volumes: [{ name: 'h', hostPath: { path: '/etc' } }] }), get)).toThrow(VolumeError);
    expect(() => planVolumes(pod({ volumes: [{ name: 'c', configMap: { name: 'conf', items: [{ key: 'mode', path: '../escape' }] } }] }), get)).toThrow(VolumeError);
  });
});
