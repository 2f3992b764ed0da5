import { reachSql, repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { personReachSql } from '../persons/index.ts';
import { INVERSE_LINK, type LinkKind, type PersonLinkInput } from '../../../shared/family.ts';

/**
 * The family module's repository: the only place with SQL on person_links (docs/architecture.md). A link is read only
 * together with the other person under person.read's reaches, so a link never reveals a person the actor may not see
 * (and row-level security, migration 0272, hides the row itself when either person is out of sight).
 */
interface LinkRow {
  id: string;
  person_id: string;
  linked_person_id: string;
  kind: LinkKind;
  note: string | null;
  legal_basis: 'retsplejeloven_115' | 'serviceloven' | 'consent' | 'other' | null;
  created_at: Date;
  other_id: string;
  other_name: string;
  inverse: boolean;
}

function present(r: LinkRow, personId: string) {
  return {
    id: r.id, personId, linkedPerson: { id: r.other_id, fullName: r.other_name }, kind: r.inverse ? INVERSE_LINK[r.kind] : r.kind,
    note: r.note, legalBasis: r.legal_basis, createdAt: r.created_at.toISOString(),
  };
}

export const familyRepo = repository((tx, s) => {
  /** The person if the actor reaches them for action, else undefined (the caller refuses). */
  async function reach(id: string, action: 'person.read' | 'person.links.manage'): Promise<{ id: string; unit_id: string } | undefined> {
    const params: unknown[] = [id];
    return (await tx.query<{ id: string; unit_id: string }>(
      `SELECT p.id, p.unit_id FROM persons p WHERE p.id = $1 AND ${personReachSql(s.reaches(action), s.actor, params)}`, params,
    )).rows[0];
  }

  /** The links of a person, each seen from that person, where the other person is within person.read reach. */
  async function linksOf(personId: string) {
    const params: unknown[] = [personId];
    const r = await tx.query<LinkRow>(
      `SELECT l.id, l.person_id, l.linked_person_id, l.kind, l.note, l.legal_basis, l.created_at, p.id AS other_id, p.full_name AS other_name,
              (l.linked_person_id = $1) AS inverse
         FROM person_links l JOIN persons p ON p.id = CASE WHEN l.person_id = $1 THEN l.linked_person_id ELSE l.person_id END
        WHERE (l.person_id = $1 OR l.linked_person_id = $1) AND ${personReachSql(s.reaches('person.read'), s.actor, params)}
        ORDER BY l.created_at, l.id`,
      params,
    );
    return r.rows.map((x) => present(x, personId));
  }

  return {
    /** GET /persons/:id/links: the person (person.read, else an audited 404) and their visible links. One audit row. */
    async list(personId: string) {
      if (!(await reach(personId, 'person.read'))) return s.refuse({ action: 'read', recordType: 'person_link', recordId: personId, personId });
      const links = await linksOf(personId);
      s.audit({ action: 'read', recordType: 'person_link', recordId: personId, personId });
      return links;
    },

    /** The overview's section: the links of a person the caller already reached (no audit row of its own). */
    forOverview: linksOf,

    /**
     * Links two persons the actor reaches for person.links.manage. The linked person out of reach answers 400 on
     * linkedPersonId, the same as one that does not exist. One link per pair (either direction): a second is 409.
     */
    async create(personId: string, input: PersonLinkInput) {
      const p = await reach(personId, 'person.links.manage');
      if (!p) return s.refuse({ action: 'create', recordType: 'person_link', recordId: personId, personId });
      if (input.linkedPersonId === personId) throw errors.invalidField('linkedPersonId', 'must be another person');
      if (!(await reach(input.linkedPersonId, 'person.links.manage'))) throw errors.invalidField('linkedPersonId', 'no such person within your reach');
      const dup = await tx.query(
        `SELECT 1 FROM person_links WHERE (person_id = $1 AND linked_person_id = $2) OR (person_id = $2 AND linked_person_id = $1)`,
        [personId, input.linkedPersonId],
      );
      if (dup.rows.length) throw errors.conflict('The two persons are already linked.', { allowed: [] });
      const r = await tx.query<{ id: string }>(
        `INSERT INTO person_links (unit_id, person_id, linked_person_id, kind, note, legal_basis, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [p.unit_id, personId, input.linkedPersonId, input.kind, input.note ?? null, input.legalBasis ?? null, s.actor.id, s.now],
      );
      const id = r.rows[0]!.id;
      s.audit({ action: 'create', recordType: 'person_link', recordId: id, personId });
      return (await linksOf(personId)).find((l) => l.id === id)!;
    },
  };
});

/**
 * Access requests (docs/security.md, "Access requests"): the citizen's family links, read with the purpose-bound reach
 * access_request.compile. The linked person is a third party, so only the relation (seen from the citizen), its date
 * and the legal basis it is shared on leave here: not the other person's identity, nor the staff note about the pair.
 */
export const familyAccessRequestRepo = repository((tx, s) => ({
  async ofPerson(personId: string) {
    const params: unknown[] = [personId];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'l', {});
    const r = await tx.query<{ id: string; kind: LinkKind; inverse: boolean; legal_basis: string | null; created_at: Date }>(
      `SELECT l.id, l.kind, (l.linked_person_id = $1) AS inverse, l.legal_basis, l.created_at FROM person_links l
        WHERE (l.person_id = $1 OR l.linked_person_id = $1) AND ${reach} ORDER BY l.created_at, l.id`, params);
    return r.rows.map((x) => ({ id: x.id, kind: x.inverse ? INVERSE_LINK[x.kind] : x.kind, legalBasis: x.legal_basis, createdAt: x.created_at }));
  },
}));
