import { repository } from '../../access/scope.ts';

/**
 * The bias watch's repository (docs/domain.md, "Bias watch"): counts only, from the database functions of migration
 * 0230 that count the concerns of the actor's units without showing any of them. No drill-down to persons exists.
 */

/** One group's counts of decided concerns: ideology × reporter sector × district × gender. */
export interface BiasCount {
  ideologyArea: string;
  reporterSector: string;
  district: string;
  gender: string;
  decided: number;
  justified: number;
  unfounded: number;
}

export const biasRepo = repository((tx, s) => ({
  /** The year's counts in the actor's units and the count of religion-only overrides. Audited as one search. */
  async counts(from: Date, to: Date, year: number): Promise<{ cells: BiasCount[]; religionOverrides: number }> {
    s.requireRole('bias.read', { action: 'search', recordType: 'bias_watch', criterion: `year=${year}` });
    const r = await tx.query<{ ideology_area: string; reporter_sector: string; district: string; gender: string; decided: string; justified: string; unfounded: string }>(
      `SELECT * FROM vink_bias_counts($1, $2) ORDER BY 1, 2, 3, 4`, [from, to]);
    const o = await tx.query<{ n: string }>('SELECT vink_bias_religion_overrides($1, $2) AS n', [from, to]);
    s.audit({ action: 'search', recordType: 'bias_watch', criterion: `year=${year}` });
    return {
      cells: r.rows.map((x) => ({
        ideologyArea: x.ideology_area, reporterSector: x.reporter_sector, district: x.district, gender: x.gender,
        decided: Number(x.decided), justified: Number(x.justified), unfounded: Number(x.unfounded),
      })),
      religionOverrides: Number(o.rows[0]!.n),
    };
  },
}));
