import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { resourceKey, useRefresh } from '../../api/queries.ts';
import type { CaseDetail } from './types.ts';

/** The API paths of a case's parts, each its own resource (and query key). */
export function casePaths(caseId: string) {
  const base = `/api/v1/cases/${caseId}`;
  return {
    detail: base,
    notes: `${base}/notes`,
    disclosures: `${base}/disclosures`,
    assessments: `${base}/assessments`,
    offers: `${base}/offers`,
    courses: `${base}/courses`,
    followUps: `${base}/follow-ups`,
    history: `${base}/history`,
  };
}

/** The sessions of one course. */
export function sessionsPath(courseId: string): string {
  return `/api/v1/courses/${courseId}/sessions`;
}

/**
 * What a change on the case page makes stale, in one place: the workflow's side effects decide it (a transition may
 * write a note, starting a course moves the case and adds a member and a follow-up), and only those parts are read
 * again.
 */
export function useCaseChanges(caseId: string) {
  const client = useQueryClient();
  const refresh = useRefresh();
  return useMemo(() => {
    const p = casePaths(caseId);
    return {
      /** The case itself changed (edited, moved, reopened); a closure or reopening writes a note and a history step. */
      async caseChanged(fresh?: CaseDetail) {
        if (fresh) client.setQueryData(resourceKey(p.detail), fresh);
        await refresh(...(fresh ? [] : [p.detail]), p.notes, p.history);
      },
      notesChanged: () => refresh(p.notes),
      /** A member on a legal basis is also a disclosure. */
      membersChanged: () => refresh(p.detail, p.disclosures),
      disclosuresChanged: () => refresh(p.disclosures),
      /** A start assessment sets the next reassessment date on the case. */
      assessmentsChanged: () => refresh(p.assessments, p.detail),
      /** An answer to an offer may create its follow-up. */
      offersChanged: () => refresh(p.offers, p.followUps),
      /** Starting or ending a course moves the case (course, follow-up), may add a member, a follow-up and sessions. */
      async coursesChanged() {
        await Promise.all([
          refresh(p.courses, p.followUps, p.detail, p.history, p.notes),
          client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'courses' && q.queryKey[2] === 'sessions' }),
        ]);
      },
      followUpsChanged: () => refresh(p.followUps),
    };
  }, [caseId, client, refresh]);
}
