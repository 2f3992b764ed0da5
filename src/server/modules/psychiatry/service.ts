import type { Scope } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import type { PsychiatryConsultationInput } from '../../../shared/environments.ts';
import { getReachableCase } from '../cases/index.ts';
import { concernForPsychiatryInTrx } from '../concerns/index.ts';
import { psychiatryRepo, type On } from './repo.ts';

/**
 * The psychiatry pathway (docs/domain.md, "The psychiatry pathway"): a consultation with regional psychiatry on a
 * concern or a case. psychiatry.read / psychiatry.manage decide who; the concern's or case's own reach decides which.
 */
async function recordOf(s: Scope, kind: On['kind'], id: string, action: 'psychiatry.read' | 'psychiatry.manage'): Promise<On> {
  const audit = action === 'psychiatry.read' ? 'read' : 'update';
  if (kind === 'concern') return { kind, ...(await concernForPsychiatryInTrx(s, id, action, audit)) };
  const c = await getReachableCase(s, id, action, audit === 'read' ? 'read' : 'create', 'psychiatry_consultation');
  return { kind, id: c.id, unitId: c.unit_id, personId: c.person_id };
}

export const psychiatry = {
  async list(s: Scope, kind: On['kind'], id: string) {
    return psychiatryRepo(s).list(await recordOf(s, kind, id, 'psychiatry.read'));
  },
  async create(s: Scope, kind: On['kind'], id: string, input: PsychiatryConsultationInput) {
    const on = await recordOf(s, kind, id, 'psychiatry.manage');
    if (input.consultedOn > danishDateOf(s.now)) throw errors.invalidField('consultedOn', 'must not be in the future');
    return psychiatryRepo(s).create(on, input);
  },
};
