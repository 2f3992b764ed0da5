/**
 * The data map (docs/retention.md, "The data map"): every table that holds personal data, the retention class that
 * ends it and what happens to each personal-data column when it ends. The job's work per class is SQL in migration
 * 0210 (vink_retention_apply); this map is what the job reports against and what the test holds the schema to:
 * tests/retention-data-map.int.test.ts fails when a table with a person_id column or a column whose comment says it
 * holds personal data is missing here, or a commented column is missing from its table's entry.
 *
 * Column fates: 'drop' (set to NULL or to the placeholder '[anonymiseret]'), 'keep' (a fact the statistics count, or
 * staff/organisation data kept for the audit's interpretation), 'delete' (the row goes), 'coarsen' (kept in a coarser
 * form: the birth date becomes the age band at each concern's receipt).
 */
export type ClassKey = 'concern_unfounded' | 'call_not_forwarded' | 'case_closed' | 'course_session_notes' | 'sign_in' | 'audit_log';

/** Tables whose retention follows the person, concern or case they belong to (cascade from a class above). */
export type Follows = 'with_concern' | 'with_case' | 'with_person' | 'staff' | 'while_held';

export type ColumnFate = 'drop' | 'keep' | 'delete' | 'coarsen';

export interface TableEntry {
  /** The class (or classes) whose end takes the table's rows, or what the rows follow. */
  classes: readonly (ClassKey | Follows)[];
  columns: Readonly<Record<string, ColumnFate>>;
  why: string;
}

/** The action each class's rule performs; the schedule's rows (retention_classes.action) must say the same. */
export const CLASS_ACTIONS: Readonly<Record<ClassKey, 'delete' | 'anonymise' | 'drop_partitions'>> = {
  concern_unfounded: 'anonymise',
  call_not_forwarded: 'anonymise',
  case_closed: 'anonymise',
  course_session_notes: 'delete',
  sign_in: 'delete',
  audit_log: 'drop_partitions',
};

/** The record types a class's receipt counts (vink_retention_apply's counts keys). */
export const CLASS_RECORD_TYPES: Readonly<Record<ClassKey, readonly string[]>> = {
  concern_unfounded: ['concern', 'person'],
  call_not_forwarded: ['call'],
  case_closed: ['case', 'case_note', 'assessment', 'concern', 'person'],
  course_session_notes: ['course_session_note'],
  sign_in: ['session', 'oidc_flow'],
  audit_log: ['audit_partition', 'audit_row'],
};

export const DATA_MAP: Readonly<Record<string, TableEntry>> = {
  persons: {
    classes: ['concern_unfounded', 'case_closed'],
    columns: { full_name: 'drop', cpr: 'drop', birth_date: 'coarsen', gender: 'keep', district: 'keep' },
    why: 'Identity goes when every concern and case about the person is anonymised and no legal hold is on them.',
  },
  concerns: {
    classes: ['concern_unfounded', 'case_closed'],
    columns: {
      reporter_name: 'drop', reporter_contact: 'drop', reporter_organisation: 'drop', behaviour_description: 'drop',
      religion_override_reason: 'drop', minor_stated: 'keep', handled_in_time: 'keep', person_id: 'keep', kept_age_band: 'keep',
    },
    why: 'Dates, ideology, channel, severity, outcome and the age band stay for the statistics; reporter and free text go.',
  },
  concern_behaviours: { classes: ['with_concern'], columns: {}, why: 'Behaviour codes are statistics, no identity.' },
  concern_shares: { classes: ['with_concern'], columns: { legal_basis_text: 'drop' }, why: 'Who it was shared with is staff data.' },
  concern_child_reports: {
    classes: ['with_concern'], columns: { reason: 'drop', recipient: 'drop', recorded_by: 'keep' },
    why: 'Whether a report was made stays; the free text goes.',
  },
  infohus_assessments: { classes: ['with_concern'], columns: { reasoning: 'drop', participants: 'drop' }, why: 'The decision stays.' },
  calls: { classes: ['call_not_forwarded', 'with_concern'], columns: { topic: 'drop' }, why: 'The call is counted; the topic goes.' },
  // Transfers between units (migration 0291). NOT YET applied by vink_retention_apply (migration 0210): the job must
  // clear decision_reason with the case or concern; until then this entry states the intended fate.
  transfers: {
    classes: ['with_case', 'with_concern'], columns: { decision_reason: 'drop' },
    why: 'That a record moved, between which units and on which basis, stays; the free-text reason goes.',
  },
  disclosures: {
    classes: ['with_concern', 'with_case'], columns: { content_summary: 'drop', legal_basis_text: 'drop', recipient_user_id: 'keep' },
    why: 'That a disclosure was made, to which organisation and on which basis, stays.',
  },
  cases: { classes: ['case_closed'], columns: { title: 'drop', closure_reason: 'drop', person_id: 'keep' }, why: 'Status, ideology, dates stay.' },
  case_notes: { classes: ['with_case'], columns: { body: 'delete' }, why: 'Notes are deleted with the case.' },
  case_status_changes: { classes: ['with_case'], columns: { reason: 'drop' }, why: 'The dates of the workflow stay (indicators).' },
  assessments: { classes: ['with_case'], columns: { summary: 'drop' }, why: 'The ratings stay (progression indicators).' },
  assessment_ratings: { classes: ['with_case'], columns: { risk: 'keep', resources: 'keep', comment: 'drop' }, why: 'Ordinal ratings stay.' },
  course_sessions: { classes: ['course_session_notes', 'with_case'], columns: { note: 'drop' }, why: 'The session is counted; its note goes.' },
  follow_ups: { classes: ['with_case'], columns: { still_at_risk: 'keep', occupation: 'keep' }, why: 'Follow-up outcomes are indicators.' },
  sessions: { classes: ['sign_in'], columns: {}, why: 'Sign-in records are deleted after the period.' },
  oidc_flows: { classes: ['sign_in'], columns: {}, why: 'Unfinished sign-in flows are deleted after the period.' },
  audit_log: { classes: ['audit_log'], columns: { criterion: 'delete', person_id: 'delete' }, why: 'Whole monthly partitions are dropped.' },
  legal_holds: { classes: ['while_held'], columns: { reason: 'keep', person_id: 'keep' }, why: 'Kept while the hold lasts.' },
  users: { classes: ['staff'], columns: { display_name: 'keep' }, why: 'Staff accounts: while employed, for the audit trail.' },
  role_grants: { classes: ['staff'], columns: { reason: 'keep', note: 'keep' }, why: 'Staff administration, as the audit trail.' },
};
