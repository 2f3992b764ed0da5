import type { Scope } from '../../access/scope.ts';
import { familyAccessRequestRepo, familyRepo } from './repo.ts';

/** True when other is linked to person (either direction) and the actor may read other (person.read). */
export async function isLinkedPersonInTrx(s: Scope, personId: string, other: string): Promise<boolean> {
  return (await familyRepo(s).forOverview(personId)).some((l) => l.linkedPerson.id === other);
}

/** The person overview's section of linked persons within reach (the overview audits its one read). */
export function linksOfPersonForOverviewInTrx(s: Scope, personId: string) {
  return familyRepo(s).forOverview(personId);
}

/** Access requests (purpose-bound, access_request.compile): the citizen's relations, without the other person's identity. */
export function familyLinksForAccessRequestInTrx(s: Scope, personId: string) {
  return familyAccessRequestRepo(s).ofPerson(personId);
}
