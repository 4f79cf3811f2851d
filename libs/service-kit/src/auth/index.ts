export * from './auth-config';
export * from './auth.decorators';
export * from './auth.guard';
export * from './token-verifier';
