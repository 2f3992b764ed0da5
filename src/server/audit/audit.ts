/**
 * The audit trail's public face: the chain's rules (chain.ts), its anchors outside the database (anchor.ts) and its
 * writer, verifier and look-ups (repo.ts).
 */
export * from './chain.ts';
export * from './anchor.ts';
export * from './repo.ts';
