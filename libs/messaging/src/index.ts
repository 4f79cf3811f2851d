export * from './headers';
export * from './logger';
export * from './privacy-guard';
export * from './trace-context';
export * from './relay';
export * from './inbox';
export * from './consumer';
export * from './kafka';
