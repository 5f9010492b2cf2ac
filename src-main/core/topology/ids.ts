// Element ids built from cluster names. Names are attacker-controlled: encode everything outside
// a small safe set so ids never contain selector syntax, quotes or markup, and stay injective.

const SAFE = /^[A-Za-z0-9.-]*$/;

export function idPart(value: string): string {
  return SAFE.test(value) ? value : value.replace(/[^A-Za-z0-9.-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
}

export function makeId(prefix: string, ...parts: string[]): string {
  return `${prefix}:${parts.map(idPart).join(':')}`;
}
