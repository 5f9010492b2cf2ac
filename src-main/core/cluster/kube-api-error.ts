// An HTTP error answered by the API server, with its Status object when it sent one.

export interface StatusObject {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

export class KubeApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly statusObject: StatusObject | null;
  readonly method: string;
  readonly path: string;
  readonly retryAfterSeconds: number | null;
  /** Where a 3xx answer points (the server URL is probably wrong). */
  readonly location: string | null;
  /** The answer is an HTML page (a login portal or web server, not an API server). */
  readonly html: boolean;

  constructor(init: { status: number; method: string; path: string; body: string; retryAfter?: string | undefined; location?: string | undefined; contentType?: string | undefined }) {
    let statusObject: StatusObject | null = null;
    try {
      const parsed = JSON.parse(init.body) as StatusObject;
      if (parsed && typeof parsed === 'object' && parsed.kind === 'Status') statusObject = parsed;
    } catch {
      // Not JSON (a proxy's HTML page, say): keep the text short in the message.
    }
    const html = /html/i.test(init.contentType ?? '') || /^\s*<(!doctype|html)/i.test(init.body);
    // Plain text bodies (e.g. kube-apiserver's "Forbidden: ..." from an authorizer) say why; HTML says nothing useful.
    const text = html ? '' : init.body.trim().replace(/\s+/g, ' ').slice(0, 200);
    const message = statusObject?.message ?? (text || `HTTP ${init.status}`);
    super(message);
    this.name = 'KubeApiError';
    this.status = init.status;
    this.reason = statusObject?.reason ?? '';
    this.statusObject = statusObject;
    this.method = init.method;
    this.path = init.path;
    const retry = Number(init.retryAfter ?? statusObject?.details?.retryAfterSeconds);
    this.retryAfterSeconds = Number.isFinite(retry) && retry >= 0 ? retry : null;
    this.location = init.location ? init.location.slice(0, 300) : null;
    this.html = html;
  }
}
