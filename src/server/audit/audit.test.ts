import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from './audit.ts';

const fields = {
  at: new Date('2026-03-02T08:00:00.000Z'), actor_id: 'a', actor_role: 'coordinator', unit_id: 'u', action: 'read', outcome: 'ok',
  record_type: 'person', record_id: 'r', person_id: 'p', purpose: 'casework', criterion: null,
};

describe('audit hash chain', () => {
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
});
