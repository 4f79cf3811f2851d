export * from './roles';
export * from './local-issuer';
