/** The concerns module's public face for other modules (calls forward a call as a concern). */
export { registerConcernInTrx, type NewConcern } from './service.ts';
export { presentConcern } from './repo.ts';
import type { Scope } from '../../access/scope.ts';
import { concernAccessRequestRepo, concernRepo } from './repo.ts';
import { concerns } from './service.ts';
import type { ConcernExportQuery } from '../../../shared/list-exports.ts';

/** The concerns linked to a case or about its person (casePerson), for the case page. */
export function concernsOfCaseInTrx(s: Scope, caseId: string, casePerson: string) {
  return concernRepo(s).list({ caseId }, casePerson);
}

/** Hands a concern to another coordinator of its unit (handover module); versioned and audited. */
export function handOverConcernInTrx(s: Scope, id: string, version: number, coordinatorId: string) {
  return concernRepo(s).handover(id, version, coordinatorId);
}

/** Every concern about the person within the actor's concern.read reach, for the person overview; null if none. */
export function concernsOfPersonForOverviewInTrx(s: Scope, personId: string) {
  return concernRepo(s).ofPersonForOverview(personId);
}

/** Access requests (purpose-bound): the person's concerns, shares (by organisation and role), Infohus decisions, child reports. */
export function concernsForAccessRequestInTrx(s: Scope, personId: string) {
  return concernAccessRequestRepo(s).ofPerson(personId);
}

/** The Infohus decision on one concern, for the meetings module (several decisions in one sitting). */
export const assessConcernInTrx: typeof concerns.assess = (s, id, input) => concerns.assess(s, id, input);

/**
 * A concern the actor may correct (concern.correct reach), or an audited 404: the environments module names the risk
 * environment a concern came from through this (docs/domain.md, "Risk environments and networks").
 */
export async function concernForCorrectionInTrx(s: Scope, id: string): Promise<{ id: string; unitId: string; personId: string; receivedAt: Date }> {
  const k = await concernRepo(s).forCorrection(id);
  return { id: k.id, unitId: k.unit_id, personId: k.person_id, receivedAt: k.received_at };
}

/** A concern within the actor's reach for a psychiatry-pathway action (docs/domain.md, "The psychiatry pathway"), or an audited 404. */
export async function concernForPsychiatryInTrx(
  s: Scope, id: string, action: 'psychiatry.read' | 'psychiatry.manage', audit: 'read' | 'update',
): Promise<{ id: string; unitId: string; personId: string }> {
  const k = await concernRepo(s).forPsychiatry(id, action, audit);
  return { id: k.id, unitId: k.unit_id, personId: k.person_id };
}

/** The queue with its filters, every page up to ceiling, for an Excel export (list-exports module); audited as an export. */
export function concernsForListExportInTrx(s: Scope, q: ConcernExportQuery, ceiling: number) {
  return concernRepo(s).exportRows(q, ceiling);
}
