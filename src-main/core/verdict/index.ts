// Public API: classify an observed source address and compare an observation with a prediction.
export * from './classify';
export * from './compare';
