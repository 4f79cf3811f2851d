export * from './services';
export * from './http';
export * from './topic-reader';
export * from './scratch-database';
export * from './auth';
export * from './envelope-fixture';
export * from './journey';
export * from './jsonb-text';
