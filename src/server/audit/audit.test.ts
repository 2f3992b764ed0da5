import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, legacyChainHash, rowHash } from './audit.ts';

const fields = {
  at: new Date('2026-03-02T08:00:00.000Z'), actor_id: 'a', actor_role: 'coordinator', unit_id: 'u', action: 'read', outcome: 'ok',
  record_type: 'person', record_id: 'r', person_id: 'p', purpose: 'casework', criterion: null,
};

describe('audit hash chain', () => {
  it('starts from a hash of zeros, the prev_hash of the first row', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });
  it('is deterministic and depends on the previous hash', () => {
    expect(chainHash(GENESIS_HASH, fields)).toBe(chainHash(GENESIS_HASH, { ...fields }));
    expect(chainHash(GENESIS_HASH, fields)).not.toBe(chainHash('f'.repeat(64), fields));
  });
  it('changes when any field changes', () => {
    const base = chainHash(GENESIS_HASH, fields);
    for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
      const changed = key === 'at' ? new Date(fields.at.getTime() + 1) : `${String(fields[key])}x`;
      expect(chainHash(GENESIS_HASH, { ...fields, [key]: changed })).not.toBe(base);
    }
  });
  it('tells NULL from empty text and keeps field boundaries', () => {
    expect(chainHash(GENESIS_HASH, { ...fields, criterion: '' })).not.toBe(chainHash(GENESIS_HASH, fields));
    expect(chainHash(GENESIS_HASH, { ...fields, criterion: '-' })).not.toBe(chainHash(GENESIS_HASH, fields));
    // Moving text from one field into its neighbour changes the hash, separators or not.
    expect(chainHash(GENESIS_HASH, { ...fields, record_type: 'person\n1:r', record_id: null }))
      .not.toBe(chainHash(GENESIS_HASH, { ...fields, record_type: 'person', record_id: 'r' }));
  });
  it('reproduces the database writer (vink_audit_hash, migration 0060) byte for byte', () => {
    // Computed by PostgreSQL: SELECT vink_audit_hash(repeat('0', 64), '2026-03-02T08:00:00.000Z',
    //   'a1111111-…', 'coordinator', '22222222-…', 'search', 'ok', 'person', NULL, NULL, 'casework', 'Jensen æ 😀')
    expect(chainHash(GENESIS_HASH, {
      at: new Date('2026-03-02T08:00:00.000Z'), actor_id: 'a1111111-1111-4111-8111-111111111111', actor_role: 'coordinator',
      unit_id: '22222222-2222-4222-8222-222222222222', action: 'search', outcome: 'ok', record_type: 'person', record_id: null,
      person_id: null, purpose: 'casework', criterion: 'Jensen æ 😀',
    })).toBe('e7f74d571074ab80513d185f28027d6c8d0f063957630fa4a2d69021670487c7');
  });
  it('keeps the JSON form for rows written before migration 0060', () => {
    expect(legacyChainHash(GENESIS_HASH, fields)).not.toBe(chainHash(GENESIS_HASH, fields));
    expect(rowHash(1, GENESIS_HASH, fields)).toBe(legacyChainHash(GENESIS_HASH, fields));
    expect(rowHash(2, GENESIS_HASH, fields)).toBe(chainHash(GENESIS_HASH, fields));
    // The value the server's writer computed for these fields before 0060: older chains must keep verifying.
    expect(legacyChainHash(GENESIS_HASH, fields)).toBe('49ba5ffa91470a37d328368417dcd2afdb3c9f3948d10ba9a4ebc6cc0a99e4b5');
  });
});
