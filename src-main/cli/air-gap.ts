// Air-gapped and locked-down clusters, for probe and check --probe: --print-images (what to
// mirror), --image-registry (pull every probe image from a mirror, path/tag/digest kept) and
// --print-rbac (what an admin grants). None of them needs a cluster.
import type { Command } from 'commander';
import type { ProbeOptions } from '../contract/probe';
import type { Locale } from '../core/explain/types';
import { parseImageRef, withRegistry } from '../core/images/image-ref';
import { DEFAULT_IMAGE } from '../core/probe/plan';
import { rbacManifest } from '../core/probe/rbac-manifest';

export interface AirGapFlags {
  printImages?: boolean;
  imageRegistry?: string;
  printRbac?: boolean;
  imagePullSecret?: string[];
}

export function addAirGapOptions(cmd: Command): Command {
  return cmd
    .option('--print-images', 'print the exact images (with digests when pinned) a probe would pull, one per line, and exit')
    .option('--image-registry <registry>', 'pull every probe image from this registry (host[:port][/path]), keeping path, tag and digest')
    .option('--image-pull-secret <name...>', 'imagePullSecrets for the probe pods; the Secret must exist in the per-run probe namespace, e.g. copied there by an admission policy (docs/locked-down-clusters.md)')
    .option('--print-rbac', 'print the ClusterRole and binding this mode needs, as YAML an admin can apply, and exit');
}

/** The probe image after --image and --image-registry; throws with a message on a bad value. */
export function probeImage(image: string | undefined, registry: string | undefined): string {
  const base = image ?? DEFAULT_IMAGE;
  if (!parseImageRef(base)) throw new Error(`--image ${JSON.stringify(base)}: not an image reference ([registry/]path[:tag][@sha256:…])`);
  return registry ? withRegistry(base, registry) : base;
}

const WORDS = {
  en: { roles: 'used by: echo pods and client pods', noDigest: 'no digest pinned: mirror this tag, or pass --image <ref>@sha256:… to pin one' },
  'zh-CN': { roles: '用于：回显 Pod 和客户端 Pod', noDigest: '未固定摘要：请镜像此标签，或用 --image <ref>@sha256:… 固定摘要' },
};

/** Handles --print-images / --print-rbac; returns true when it printed (and the command should stop). */
export function printAirGap(flags: AirGapFlags, options: Pick<ProbeOptions, 'image' | 'ingress'>, locale: Locale): boolean {
  if (flags.printImages) {
    const image = options.image ?? DEFAULT_IMAGE;
    process.stdout.write(`${image}\n`);
    process.stderr.write(`# ${WORDS[locale].roles}${parseImageRef(image)?.digest ? '' : `\n# ${WORDS[locale].noDigest}`}\n`);
    return true;
  }
  if (flags.printRbac) {
    process.stdout.write(rbacManifest('probe', { locale, ...(options.ingress ? { ingress: true } : {}) }));
    return true;
  }
  return false;
}
