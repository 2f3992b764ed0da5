import type { Scope } from '../../access/scope.ts';
import { familyRepo } from './repo.ts';

/** The person overview's section of linked persons within reach (the overview audits its one read). */
export function linksOfPersonForOverviewInTrx(s: Scope, personId: string) {
  return familyRepo(s).forOverview(personId);
}
