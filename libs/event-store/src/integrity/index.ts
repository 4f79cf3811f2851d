export * from './canonical-json';
export * from './event-hash';
export * from './stream-chain';
export * from './merkle';
export * from './merkle-proofs';
export * from './checkpoint-signature';
export * from './canonical-json-text';
export * from './canonical-json-bytes';
