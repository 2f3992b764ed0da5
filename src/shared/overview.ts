import { z } from 'zod';
import { CaseSummary, Disclosure } from './contracts.ts';
import { FieldChange } from './corrections.ts';
import { ConcernSummary, PersonView } from './intake.ts';
import { PersonLink } from './family.ts';

/** A course on one of the person's cases, as the person overview lists it. */
export const OverviewCourse = z.object({
  id: z.uuid(), caseId: z.uuid(), kind: z.string(), status: z.string(), startedOn: z.string(), endedOn: z.string().nullable(),
});

/**
 * The person overview (GET /persons/:id/overview): every concern, case, course and disclosure about the person within
 * the actor's reach. A section the actor's role may not see at all is null (omitted), an empty list means none.
 */
export const PersonOverview = z.object({
  /** The person with the history of its corrections (name, birth date, a CPR number added later; the CPR masked). */
  person: PersonView.extend({ corrections: z.array(FieldChange) }),
  concerns: z.array(ConcernSummary).nullable(),
  cases: z.array(CaseSummary).nullable(),
  courses: z.array(OverviewCourse).nullable(),
  disclosures: z.array(Disclosure).nullable(),
  /** Linked persons (family, associates) whom the actor may read; a link to anyone else is not shown at all. */
  links: z.array(PersonLink),
});
export type PersonOverview = z.infer<typeof PersonOverview>;
