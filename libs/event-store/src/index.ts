export * from './types';
export * from './errors';
export * from './schema';
export * from './event-store';
export * from './transaction';
export * from './decider';
export * from './command-handler';
export * from './upcast';
