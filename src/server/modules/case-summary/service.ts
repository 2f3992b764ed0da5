import type { Scope } from '../../access/scope.ts';
import { caseSummaryRepo } from './repo.ts';
import { caseSummaryHtml } from './html.ts';

/** The printable case summary (docs/domain.md, "The case summary"): collected and audited as one export, then HTML. */
export const caseSummary = {
  async html(s: Scope, caseId: string): Promise<string> {
    return caseSummaryHtml(await caseSummaryRepo(s).collect(caseId), s.now);
  },
};
