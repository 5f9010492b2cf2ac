// Public API of the prediction model (pure, environment-neutral).
export { predict, MAX_PATHS } from './predict';
export { resolveDataplane } from './context';
export { ingressNginxRealIp, realipFromList, type RealIpResult } from './ingress-hop';
export * from './fixes';
export * from './types';
