export * from './access-replica.table';
export * from './access-replica.handlers';
