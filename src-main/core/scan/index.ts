// Public API of the hazard scan.
export * from './scan';
