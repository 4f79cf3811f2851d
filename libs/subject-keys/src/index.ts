export * from './envelope';
export * from './errors';
export * from './master-keyring';
export * from './subject-keys';
export * from './personal-fields';
export { SUBJECT_KEYS_DDL } from './subject-key.table';
export * from './subject-keys.module';
export { unwrapKey, wrapKey, type WrappedKey } from './key-wrap';
