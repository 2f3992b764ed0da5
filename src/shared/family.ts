import { z } from 'zod';
import { LegalBasis } from './contracts.ts';

/**
 * Family and relationships (docs/domain.md, "Family and relationships"): links between persons of the register. A
 * link is shown only when the actor may read both persons, so it never reveals a person the actor may not see.
 */
export const LinkKind = z.enum(['parent', 'child', 'sibling', 'partner', 'other_relative', 'associate']);
export type LinkKind = z.infer<typeof LinkKind>;

/** The kind seen from the other person: a parent's link is the child's. */
export const INVERSE_LINK: Readonly<Record<LinkKind, LinkKind>> = {
  parent: 'child', child: 'parent', sibling: 'sibling', partner: 'partner', other_relative: 'other_relative', associate: 'associate',
};

export const PersonLinkInput = z.object({
  linkedPersonId: z.uuid(),
  /** What the linked person is to this person. */
  kind: LinkKind,
  note: z.string().trim().min(1).max(2000).optional(),
  /** Where the link is shared with partners, the basis for it. */
  legalBasis: LegalBasis.optional(),
});
export type PersonLinkInput = z.infer<typeof PersonLinkInput>;

/** A link as seen from one person: who the other is, and what they are to this person. */
export const PersonLink = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  linkedPerson: z.object({ id: z.uuid(), fullName: z.string() }),
  kind: LinkKind,
  note: z.string().nullable(),
  legalBasis: LegalBasis.nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type PersonLink = z.infer<typeof PersonLink>;
