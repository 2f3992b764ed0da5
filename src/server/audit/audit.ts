/** The audit trail's public face: the chain's rules (chain.ts) and its writer, verifier and look-ups (repo.ts). */
export * from './chain.ts';
export * from './repo.ts';
