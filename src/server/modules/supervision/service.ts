import type { Scope } from '../../access/scope.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { supervisionRepo } from './repo.ts';

/** Supervision of a case's resource person or SSP member (docs/domain.md, "Resource persons and SSP"). */
export const supervision = {
  list: (s: Scope, caseId: string) => supervisionRepo(s).list(caseId),
  create: (s: Scope, caseId: string, input: { memberId: string; heldOn: string; durationMinutes: number; topic: string }) =>
    supervisionRepo(s).create(caseId, input, danishDateOf(s.now)),
};
