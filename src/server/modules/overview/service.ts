import type { Scope } from '../../access/scope.ts';
import { casesOfPersonForOverviewInTrx } from '../cases/index.ts';
import { concernsOfPersonForOverviewInTrx } from '../concerns/index.ts';
import { personForOverviewInTrx } from '../persons/index.ts';
import { linksOfPersonForOverviewInTrx } from '../family/index.ts';

/**
 * The person overview (GET /persons/:id/overview): one page per citizen with every concern (unfounded too), case,
 * course and disclosure within the actor's reach, in one request and one audit row, the read of the person
 * (docs/security.md, "Person overview"). Each section applies its own action's reach through its module; a section
 * the role may not see at all is null (omitted), never an error. A person outside person.read reach is an audited 404.
 */
export async function personOverview(s: Scope, id: string) {
  const person = await personForOverviewInTrx(s, id);
  const concerns = await concernsOfPersonForOverviewInTrx(s, id);
  const { cases, courses, disclosures } = await casesOfPersonForOverviewInTrx(s, id);
  // Linked persons (family, associates): only those the actor may read themselves (docs/security.md, "Person links").
  const links = await linksOfPersonForOverviewInTrx(s, id);
  s.audit({ action: 'read', recordType: 'person', recordId: id, personId: id, criterion: 'overview' });
  return { person, concerns, cases, courses, disclosures, links };
}
