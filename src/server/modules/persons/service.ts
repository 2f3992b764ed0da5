import type { Scope } from '../../access/scope.ts';
import type { AuditEntry } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { maskCprsInText, parseCpr } from '../../../shared/cpr.ts';
import type { PersonCreate } from '../../../shared/intake.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { isHandle, openHandle } from './handles.ts';
import { normaliseName } from './matching.ts';
import { personRepo, type LinkedPerson, type NewPerson, type PersonChange } from './repo.ts';

/** A real calendar date written dd-mm-yyyy, dd.mm.yyyy, dd/mm/yyyy or yyyy-mm-dd, as yyyy-mm-dd; else null. */
export function parseBirthDate(q: string): string | null {
  const dmy = q.match(/^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/);
  const ymd = q.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  const [y, m, d] = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

const INVALID_CPR = 'is not a valid CPR number (DDMMYY-SSSS with a real date)';

/**
 * Validates a new person. The CPR number must be a real date not in the future; it gives the birth date and, when
 * no gender is given, the legal sex.
 */
function newPerson(input: PersonCreate, now: Date): NewPerson {
  let cpr: string | null = null;
  let birthDate = input.birthDate ?? null;
  let gender = input.gender;
  if (input.cpr) {
    const info = parseCpr(input.cpr);
    if (!info) throw errors.invalidField('cpr', INVALID_CPR);
    if (info.birthDate > danishDateOf(now)) throw errors.invalidField('cpr', 'gives a birth date in the future');
    cpr = info.normalised;
    if (birthDate && birthDate !== info.birthDate) throw errors.invalidField('birthDate', 'does not match the CPR number');
    birthDate = info.birthDate;
    gender ??= info.legalSex;
  }
  if (birthDate && birthDate > danishDateOf(now)) throw errors.invalidField('birthDate', 'must not be in the future');
  return { fullName: input.fullName, cpr, birthDate, gender: gender ?? 'unknown', district: input.district ?? null };
}

/**
 * Inserts a person into the actor's unit, without an audit row (the caller writes the one row of its request).
 * The CPR number is validated (a real date), and gives the birth date and, when no gender is given, the legal sex.
 * An existing person with the same CPR number in the unit is refused with 409 naming that record, so the same
 * citizen is never registered twice; the refusal is audited with refusal.
 */
export async function createPersonInTrx(s: Scope, input: PersonCreate, refusal: Omit<AuditEntry, 'outcome'>): Promise<LinkedPerson> {
  // The actor registered the person, so they may read it (person.read 'creator', or 'unit').
  return { ...(await personRepo(s).insert(newPerson(input, s.now), refusal)), readable: true };
}

/**
 * The person a new concern is linked to (personId): the id of a person of the actor's unit, or a handle from a match
 * or a duplicate refusal (./handles.ts), which must be the actor's own and not expired. Anything else is a 400 naming
 * personId. The result says whether the actor may read the person; the caller reduces its answer when not.
 */
export async function findPersonToLinkInTrx(s: Scope, ref: string): Promise<LinkedPerson> {
  let id = ref;
  if (isHandle(ref)) {
    const opened = openHandle(ref, s.actor, s.now);
    if (!opened) throw errors.invalidField('personId', 'the match has expired or was not given to you: search again');
    id = opened;
  }
  const found = await personRepo(s).findInUnit(id);
  if (!found) throw errors.invalidField('personId', 'no such person in your unit');
  return found;
}

/** Any person visible under row-level security (own unit, case member, or a concern shared with the actor). */
export async function findVisiblePersonInTrx(s: Scope, id: string): Promise<LinkedPerson | null> {
  return personRepo(s).findVisible(id);
}

/** The person for the person overview (person.read reach; refusal audited), without an audit row of its own. */
/** The person as GET /persons/:id shows it (the case page's person panel); audited by the repository. */
export function personViewInTrx(s: Scope, id: string) {
  return personRepo(s).get(id);
}

export function personForOverviewInTrx(s: Scope, id: string) {
  return personRepo(s).forOverview(id);
}

export const persons = {
  async create(s: Scope, input: PersonCreate) {
    // The role gate comes before validation, so a role that may not register persons learns nothing more.
    s.requireRole('person.create', { action: 'create', recordType: 'person' });
    return personRepo(s).create(newPerson(input, s.now));
  },

  get: (s: Scope, id: string) => personRepo(s).get(id),

  /**
   * Person search (POST /persons/search): a CPR number finds exactly (parseCpr), a birth date (dd-mm-yyyy, dd.mm.yyyy
   * or yyyy-mm-dd) finds those born that day, anything else is a name, folded like persons/matching.ts normaliseName.
   */
  async search(s: Scope, input: { q: string; offset?: number | undefined; limit?: number | undefined }) {
    const q = input.q.trim();
    const cpr = parseCpr(q)?.normalised ?? null;
    const birthDate = cpr ? null : parseBirthDate(q);
    const folded = normaliseName(q);
    if (!cpr && !birthDate && folded.length < 2) throw errors.invalidField('q', 'give at least two letters or digits of a name, a CPR number or a birth date');
    return personRepo(s).search({ cpr, birthDate, folded, offset: input.offset ?? 0, limit: input.limit ?? 25, criterion: maskCprsInText(q) });
  },

  /** Duplicate detection before a new person is registered: give a CPR number or a name, optionally a birth date. */
  async match(s: Scope, input: { cpr?: string | undefined; fullName?: string | undefined; birthDate?: string | undefined }) {
    const criterion = maskCprsInText([input.cpr && `cpr=${input.cpr}`, input.fullName && `name=${input.fullName}`, input.birthDate && `birthDate=${input.birthDate}`]
      .filter(Boolean).join('; ') || 'empty');
    s.requireRole('person.match', { action: 'search', recordType: 'person', criterion });
    if (!input.cpr && !input.fullName) throw errors.invalidField('fullName', 'give a CPR number or a name to look for');
    let birthDate = input.birthDate ?? null;
    let cpr: string | null = null;
    if (input.cpr) {
      const info = parseCpr(input.cpr);
      if (!info) throw errors.invalidField('cpr', INVALID_CPR);
      cpr = info.normalised;
      if (birthDate && birthDate !== info.birthDate) throw errors.invalidField('birthDate', 'does not match the CPR number');
      birthDate = info.birthDate;
    }
    return personRepo(s).match({ cpr, fullName: input.fullName ?? null, birthDate, criterion });
  },

  revealCpr: (s: Scope, id: string) => personRepo(s).revealCpr(id),

  async update(s: Scope, id: string, patch: PersonChange) {
    const repo = personRepo(s);
    const current = await repo.forUpdate(id);
    if (patch.cpr !== undefined) {
      if (current.cpr) throw errors.invalidField('cpr', 'is already recorded for this person; it is not changed by a correction');
      const info = parseCpr(patch.cpr);
      if (!info) throw errors.invalidField('cpr', INVALID_CPR);
      if (info.birthDate > danishDateOf(s.now)) throw errors.invalidField('cpr', 'gives a birth date in the future');
      if (patch.birthDate && patch.birthDate !== info.birthDate) throw errors.invalidField('birthDate', 'does not match the CPR number');
      if (patch.birthDate === undefined && current.birth_date && current.birth_date !== info.birthDate) {
        throw errors.invalidField('cpr', 'does not match the recorded birth date; correct the birth date in the same step');
      }
      patch = { ...patch, cpr: info.normalised, birthDate: info.birthDate };
    }
    if (patch.birthDate && current.cpr && parseCpr(current.cpr)?.birthDate !== patch.birthDate) {
      throw errors.invalidField('birthDate', 'does not match the CPR number');
    }
    return repo.update(current, patch);
  },
};
