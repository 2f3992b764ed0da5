import type { Scope } from '../../access/scope.ts';
import { historyRepo } from './repo.ts';

/** History before the records begin (docs/domain.md, "History before the records"). */
export const history = {
  async list(s: Scope) {
    return (await historyRepo(s).list()).map((r) => ({
      measure: r.measure, firstYear: r.first_year, lastYear: r.last_year, value: r.value, source: r.source,
    }));
  },
};
