import type { Scope } from '../../access/scope.ts';
import type { CaseExportQuery, ConcernExportQuery } from '../../../shared/list-exports.ts';
import { concernsForListExportInTrx } from '../concerns/index.ts';
import { casesForListExportInTrx } from '../cases/index.ts';
import { caseColumns, concernColumns, copenhagenWallTime, da, type ListExport } from './xlsx.ts';

/**
 * Exports of a list (docs/architecture.md, "Exports of a list"): reads the whole list under the actor's reach through
 * the owning module (which writes the one 'export' audit row) and describes it as a sheet. The workbook is built by
 * the route after the transaction, from this description.
 */
const when = (d: string | Date | null) => copenhagenWallTime(d);

export const listExports = {
  async concerns(s: Scope, q: ConcernExportQuery, ceiling: number): Promise<ListExport> {
    const { items, total } = await concernsForListExportInTrx(s, q, ceiling);
    const filters: [string, string][] = [];
    if (q.status) filters.push(['status', da.concernStatus(q.status)]);
    if (q.severity) filters.push(['severity', da.severity(q.severity)]);
    if (q.overdue) filters.push(['overdue', da.yesNo(q.overdue === 'true')]);
    if (q.number) filters.push(['number', q.number]);
    return {
      kind: 'concerns', columns: concernColumns(), total, ceiling, filters, sort: q.sort, madeAt: s.now,
      rows: items.map((k) => [
        k.number, when(k.receivedAt), da.channel(k.channel), da.severity(k.severity), da.ideology(k.ideologyArea), da.concernStatus(k.status),
        k.triagedAt ? null : when(k.deadlineAt), k.triagedAt ? '' : da.yesNo(k.overdue), when(k.triagedAt), da.yesNo(k.handledInTime),
      ]),
    };
  },

  async cases(s: Scope, q: CaseExportQuery, ceiling: number): Promise<ListExport> {
    const { rows, total } = await casesForListExportInTrx(s, q, ceiling);
    const filters: [string, string][] = [];
    if (q.mine) filters.push(['mine', da.yesNo(q.mine === 'true')]);
    if (q.ownerId) filters.push(['ownerId', q.ownerId]);
    if (q.status) filters.push(['status', da.caseStatus(q.status)]);
    if (q.level) filters.push(['level', da.level(q.level)]);
    if (q.ideology) filters.push(['ideology', da.caseIdeology(q.ideology)]);
    if (q.district) filters.push(['district', q.district]);
    if (q.overdue) filters.push(['overdue', da.yesNo(q.overdue === 'true')]);
    if (q.number) filters.push(['number', q.number]);
    return {
      kind: 'cases', columns: caseColumns(), total, ceiling, filters, sort: q.sort, madeAt: s.now,
      rows: rows.map((c) => [
        c.number, c.title, da.caseStatus(c.status), da.level(c.prevention_level), da.caseIdeology(c.ideology_area), c.owner_name ?? '',
        when(c.created_at), when(c.updated_at),
      ]),
    };
  },
};
