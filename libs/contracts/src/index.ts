export * from './events';
export * from './topics';
export * from './registry';
export * from './validate';
export * from './upcast';
export { UPCASTERS, type Upcaster } from './upcasters';
