import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MATRIX_FILE, renderAccessMatrix } from '../scripts/access-matrix.ts';

/**
 * docs/access-matrix.md is the need-to-know table (src/shared/policy.ts) rendered for review. It must be committed in
 * step with the table, so a change of who may do what is always visible as a diff of that file.
 */
describe('docs/access-matrix.md', () => {
  it('is the current rendering of the policy table (run `npm run access-matrix` after changing src/shared/policy.ts)', () => {
    expect(readFileSync(MATRIX_FILE, 'utf8')).toBe(renderAccessMatrix());
  });

  it('shows a role the table does not list for an action as unable to do it', () => {
    const row = renderAccessMatrix().split('\n').find((l) => l.startsWith('| `audit.read` |'));
    expect(row).toBe('| `audit.read` | — | — | — | — | — | — | — | any | — | — | — |');
  });
});
