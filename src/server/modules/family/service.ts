import type { Scope } from '../../access/scope.ts';
import type { PersonLinkInput } from '../../../shared/family.ts';
import { familyRepo } from './repo.ts';

/** Family and relationships (docs/domain.md, "Family and relationships"). */
export const family = {
  list: (s: Scope, personId: string) => familyRepo(s).list(personId),
  create: (s: Scope, personId: string, input: PersonLinkInput) => familyRepo(s).create(personId, input),
};
