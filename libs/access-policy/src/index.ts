export * from './periods';
export * from './access-state';
export * from './decide-access';
export * from './access-event';
