import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldErrors } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NoteInput } from '../../shared/contracts.ts';
import { ConcernInput } from '../../shared/intake.ts';
import { summaryOf, type FieldMap } from './useFormErrors.ts';

/** What react-hook-form gets from the zod resolver for these values. */
async function resolve(schema: z.ZodType<unknown, object>, values: object): Promise<FieldErrors> {
  const resolver = zodResolver(schema as never);
  const result = await resolver(values as never, undefined, { fields: {}, shouldUseNativeValidation: false } as never);
  return result.errors as FieldErrors;
}

describe('field errors from the shared zod contracts', () => {
  it('maps each failing field of the contract to its input, in the form\'s order', async () => {
    const fields: FieldMap = {
      'person.fullName': { target: 'person-name', message: 'Name' },
      behaviourIndicators: { target: 'behaviour-threats', message: 'Behaviour' },
      behaviourDescription: { target: 'behaviour-description', message: 'Description' },
      'reporter.name': { target: 'reporter-name', message: 'Reporter' },
    };
    const invalid = await resolve(ConcernInput, {
      receivedAt: '2026-03-01T10:00:00.000Z', channel: 'professional', reporter: { anonymous: false, name: '' },
      person: { fullName: ' ' }, ideologyArea: 'right_wing', severity: 'high', behaviourIndicators: [], behaviourDescription: 'short',
    });
    expect(summaryOf(invalid, fields)).toEqual({
      errors: [
        { target: 'person-name', message: 'Name' },
        { target: 'behaviour-threats', message: 'Behaviour' },
        { target: 'behaviour-description', message: 'Description' },
        { target: 'reporter-name', message: 'Reporter' },
      ],
      unmapped: false,
    });
  });

  it('finds array items and says when a failing path has no input', async () => {
    const Ratings = z.object({ ratings: z.array(z.object({ risk: z.number().nullable() })) });
    const invalid = await resolve(Ratings, { ratings: [{ risk: 1 }, { risk: undefined }] });
    expect(summaryOf(invalid, { 'ratings.1.risk': { target: 'family-risk', message: 'Risk' } })).toEqual({
      errors: [{ target: 'family-risk', message: 'Risk' }],
      unmapped: false,
    });
    expect(summaryOf(await resolve(NoteInput, { body: '' }), {}).unmapped).toBe(true);
  });
});
