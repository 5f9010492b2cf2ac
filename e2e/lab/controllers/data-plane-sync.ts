// Calls DataPlane.syncServices after services or EndpointSlices change: debounced, one call at
// a time, and again if something changed while a call was running.
import type { ObjectApi } from '../api/object-api';
import { resourceByPlural } from '../api/resources';
import type { DataPlane } from '../data-plane';

export class ServiceSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly svc = resourceByPlural('services');
  private readonly slices = resourceByPlural('endpointslices');
  private readonly ingresses = resourceByPlural('ingresses');
  private readonly ingressClasses = resourceByPlural('ingressclasses');
  private readonly configMaps = resourceByPlural('configmaps');

  constructor(
    private readonly api: ObjectApi,
    private readonly dataPlane: DataPlane,
    private readonly debounceMs = 50,
    private readonly log: (l: string) => void = () => {},
  ) {}

  start(): void {
    this.api.store.onEvent((e) => {
      if (e.res === this.svc || e.res === this.slices || e.res === this.ingresses || e.res === this.ingressClasses) this.schedule();
      // kube-proxy's configuration: the data plane reads it on every sync (upstream kube-proxy restarts with a change)
      else if (e.res === this.configMaps && e.obj.metadata.namespace === 'kube-system' && e.obj.metadata.name === 'kube-proxy') this.schedule();
    });
    this.schedule();
  }

  /** Resolves once every change seen so far has been handed to the data plane. */
  async settle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, this.debounceMs));
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, this.debounceMs);
  }

  private run(): void {
    // Synthetic scale-mode objects are never handed to a data plane: nothing runs them.
    const services = this.api.store.listReal(this.svc);
    const slices = this.api.store.listReal(this.slices);
    // Data planes that run an ingress controller stand-in render it from Ingress objects.
    const withIngress = this.dataPlane as DataPlane & { syncIngresses?: (ingresses: unknown[], classes: unknown[]) => Promise<void> };
    const ingressSync = withIngress.syncIngresses ? withIngress.syncIngresses(this.api.store.listReal(this.ingresses), this.api.store.listReal(this.ingressClasses)) : Promise.resolve();
    this.running = Promise.all([this.dataPlane.syncServices(services, slices), ingressSync])
      .then(() => undefined)
      .catch((err: unknown) => this.log(`syncServices: ${String(err)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }
}
