export * from './response-rate';
export * from './response-rate-fold';
