export * from './audit-schema';
export * from './audit-store';
export * from './audit-proofs';
export * from './sealer';
export * from './sealer-runner';
