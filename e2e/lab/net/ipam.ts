// host-local IPAM, as the CNI plugin does it: each node hands out addresses of its pod CIDR
// round-robin from the last one reserved (so a freed address is not reused at once, while
// peers may still cache its old MAC), skipping the network (.0, the overlay device in VXLAN
// mode), the gateway (.1) and broadcast.
import { cidrSize, nthAddress } from './addresses';

export class Ipam {
  private readonly used = new Map<string, string>(); // ip → owner
  private last = 1;

  constructor(readonly cidr: string) {}

  allocate(owner: string): string {
    for (const [ip, o] of this.used) if (o === owner) return ip;
    const size = cidrSize(this.cidr);
    const usable = size - 3; // .2 … broadcast-1
    for (let k = 1; k <= usable; k++) {
      const i = 2 + ((this.last - 2 + k + usable) % usable);
      const ip = nthAddress(this.cidr, i);
      if (!this.used.has(ip)) {
        this.used.set(ip, owner);
        this.last = i;
        return ip;
      }
    }
    throw new Error(`no free address left in ${this.cidr}`);
  }

  ipOf(owner: string): string | undefined {
    for (const [ip, o] of this.used) if (o === owner) return ip;
    return undefined;
  }

  release(owner: string): void {
    for (const [ip, o] of this.used) if (o === owner) this.used.delete(ip);
  }

  get inUse(): number {
    return this.used.size;
  }
}
