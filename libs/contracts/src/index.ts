export * from './events';
export * from './topics';
export * from './registry';
export * from './validate';
