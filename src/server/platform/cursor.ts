import { z } from 'zod';
import { errors } from './errors.ts';

/**
 * Keyset cursors (docs/architecture.md, "Lists"): base64url of the sort order, the sort key of the last row shown and
 * its id. The cursor only positions a query; the query always applies the actor's reach and filters again, so a cursor
 * taken from someone else's list shows nothing outside the holder's reach.
 */
const CursorBody = z.object({
  s: z.string().min(1).max(40),
  g: z.number().int().min(0).max(9),
  t: z.iso.datetime(),
  id: z.uuid(),
});
export type CursorBody = z.infer<typeof CursorBody>;

export function encodeCursor(c: CursorBody): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** The cursor's content for sort order, or a 400 naming the field `cursor`. */
export function decodeCursor(text: string, sort: string): CursorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidField('cursor', 'not a cursor this server issued');
  }
  const c = CursorBody.safeParse(parsed);
  if (!c.success) throw errors.invalidField('cursor', 'not a cursor this server issued');
  if (c.data.s !== sort) throw errors.invalidField('cursor', 'belongs to another sort order');
  return c.data;
}
