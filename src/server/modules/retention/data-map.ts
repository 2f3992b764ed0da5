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
export type ClassKey = 'concern_unfounded' | 'call_not_forwarded' | 'case_closed' | 'course_session_notes' | 'sign_in' | 'audit_log'
  | 'access_request' | 'snooping_alert' | 'infohus_meeting' | 'person_unreferenced';

/** Tables whose retention follows the person, concern or case they belong to (cascade from a class above). */
export type Follows = 'with_concern' | 'with_case' | 'with_call' | 'with_person' | 'with_meeting' | 'staff' | 'while_held';

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
  access_request: 'delete',
  snooping_alert: 'delete',
  infohus_meeting: 'anonymise',
  person_unreferenced: 'anonymise',
};

/** The record types a class's receipt counts (vink_retention_apply's counts keys). */
export const CLASS_RECORD_TYPES: Readonly<Record<ClassKey, readonly string[]>> = {
  concern_unfounded: ['concern', 'person'],
  call_not_forwarded: ['call'],
  case_closed: ['case', 'case_note', 'assessment', 'concern', 'person'],
  course_session_notes: ['course_session_note'],
  sign_in: ['session', 'oidc_flow'],
  audit_log: ['audit_partition', 'audit_row'],
  access_request: ['access_request'],
  snooping_alert: ['snooping_alert'],
  infohus_meeting: ['document', 'meeting_item'],
  person_unreferenced: ['person'],
};

export const DATA_MAP: Readonly<Record<string, TableEntry>> = {
  persons: {
    classes: ['concern_unfounded', 'case_closed', 'person_unreferenced'],
    columns: { full_name: 'drop', cpr: 'drop', birth_date: 'coarsen', gender: 'keep', district: 'keep' },
    why: 'Identity goes when every concern and case about the person is anonymised and no legal hold is on them; a person nothing refers to goes after the person_unreferenced period (migration 0311).',
  },
  concerns: {
    classes: ['concern_unfounded', 'case_closed'],
    columns: {
      reporter_name: 'drop', reporter_contact: 'drop', reporter_organisation: 'drop', behaviour_description: 'drop',
      religion_override_reason: 'drop', minor_stated: 'keep', handled_in_time: 'keep', person_id: 'keep', kept_age_band: 'keep', returnee: 'keep',
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
  // The coached relative's own instrument (migration 0341): ordinal ratings only, no free text.
  coach_assessment_ratings: { classes: ['with_case'], columns: { rating: 'keep' }, why: 'Ordinal ratings stay (the relative-coach progression indicator).' },
  course_sessions: { classes: ['course_session_notes', 'with_case'], columns: { note: 'drop' }, why: 'The session is counted; its note goes.' },
  follow_ups: { classes: ['with_case'], columns: { still_at_risk: 'keep', occupation: 'keep', early_reason: 'drop' }, why: 'Follow-up outcomes are indicators.' },
  sessions: { classes: ['sign_in'], columns: {}, why: 'Sign-in records are deleted after the period.' },
  oidc_flows: { classes: ['sign_in'], columns: {}, why: 'Unfinished sign-in flows are deleted after the period.' },
  audit_log: {
    classes: ['audit_log'], columns: { criterion: 'delete', person_id: 'delete', reason: 'delete' },
    why: 'Whole monthly partitions are dropped, the break-the-glass reason with its row.',
  },
  // --- records that follow their parent (triggers of migration 0300 act when the parent is anonymised) ---
  documents: {
    classes: ['with_concern', 'with_case', 'with_meeting'], columns: { title: 'delete', shared_with_partners: 'delete', created_by: 'delete' },
    why: 'A document may hold anything: it is deleted with its versions when its concern or case is anonymised, or its meeting\'s class ends.',
  },
  document_versions: {
    classes: ['with_concern', 'with_case', 'with_meeting'], columns: { file_name: 'delete', ciphertext: 'delete', uploaded_by: 'delete' },
    why: 'Deleted with the document.',
  },
  consents: {
    classes: ['with_case'],
    columns: {
      person_id: 'keep', consented_to: 'drop', scope: 'drop', guardian_name: 'drop', withdrawal_note: 'drop', review_note: 'drop',
    },
    why: 'That consent was given, by whom (person or guardian), when and whether withdrawn stays with the disclosures it supports.',
  },
  field_history: {
    classes: ['with_concern', 'with_call', 'with_person'], columns: { old_value: 'delete', new_value: 'delete', person_id: 'delete' },
    why: 'A correction\'s old and new values are the record\'s own data: the history goes when the record is anonymised.',
  },
  infohus_meeting_items: {
    classes: ['with_concern', 'with_case', 'infohus_meeting'],
    columns: { reasoning: 'drop', follow_up_action: 'drop', shared_with: 'keep', follow_up_authority: 'keep', decided_by: 'keep' },
    why: 'The decision and who owns the follow-up stay; the reasoning and the action text go.',
  },
  infohus_meeting_participants: { classes: ['staff'], columns: { user_id: 'keep', organisation: 'keep' }, why: 'Staff data.' },
  infohus_meetings: { classes: ['staff'], columns: { place: 'keep' }, why: 'Date and place, no citizen data.' },
  person_watch_flags: {
    classes: ['with_person'], columns: { person_id: 'delete', reason: 'delete' },
    why: 'The DPO\'s watch on a person goes with the person\'s identity.',
  },
  case_closure_requests: {
    classes: ['with_case'], columns: { reason: 'drop', decision_note: 'drop' }, why: 'That closure was asked and decided stays; the reasons go.',
  },
  support_plan_goals: {
    classes: ['with_case'], columns: { title: 'drop', owner_name: 'drop', actions: 'drop' },
    why: 'The goals\' dimensions and dates stay (what the plan addressed); their wording goes.',
  },
  support_plan_reviews: { classes: ['with_case'], columns: { summary: 'drop' }, why: 'Review dates and progress ratings stay.' },
  support_plan_progress: { classes: ['with_case'], columns: { note: 'drop' }, why: 'The progress rating stays; the note goes.' },
  psychiatry_consultations: {
    classes: ['with_concern', 'with_case'], columns: { outcome: 'keep' },
    why: 'The outcome is a fact the psychiatry-pathway figures count; anonymised with its concern or case, it names nobody.',
  },
  case_transitions: {
    classes: ['with_case'], columns: { kind: 'keep' },
    why: 'A release date is a fact of the case; anonymised with it, it names nobody.',
  },
  supervision_sessions: { classes: ['with_case'], columns: { topic: 'drop' }, why: 'Date and duration stay (workload); the topic goes.' },
  person_links: {
    classes: ['with_person'], columns: { kind: 'delete', note: 'delete' },
    why: 'Who is related to whom goes when either person\'s identity goes.',
  },
  notification_settings: { classes: ['staff'], columns: { email: 'keep' }, why: 'Staff data: the address a user chose for notices.' },
  courses: {
    classes: ['with_case'], columns: { coached_person_id: 'keep' },
    why: 'The course is counted; the coached relative is a person record of their own, anonymised with it.',
  },
  // --- the DPO's own records ---
  access_requests: {
    classes: ['access_request'],
    columns: {
      person_id: 'delete', identity_verified: 'delete', received_on: 'delete', extension_reason: 'delete', note: 'delete', registered_by: 'delete',
    },
    why: 'Kept while pending (a legal hold) and then as documentation of the answer, deleted 36 months after closing.',
  },
  access_request_exemptions: {
    classes: ['access_request'], columns: { reason: 'delete', recorded_by: 'delete' }, why: 'Deleted with the request.',
  },
  snooping_alerts: {
    classes: ['snooping_alert'], columns: { resolution_note: 'delete' },
    why: 'Kept as long as the access log it points at, then deleted.',
  },
  legal_holds: { classes: ['while_held'], columns: { reason: 'keep', person_id: 'keep' }, why: 'Kept while the hold lasts.' },
  users: { classes: ['staff'], columns: { display_name: 'keep' }, why: 'Staff accounts: while employed, for the audit trail.' },
  role_grants: { classes: ['staff'], columns: { reason: 'keep', note: 'keep' }, why: 'Staff administration, as the audit trail.' },
  // "Is this person already known?" across units (migration 0380). The key goes with the CPR number (a trigger removes
  // it when the retention job clears the number). NOT YET applied by vink_retention_apply: the questions and answers
  // are meant to end with the audit class (5 years); until then this entry states the intended fate.
  known_person_keys: { classes: ['with_person'], columns: { cpr_key: 'delete', person_id: 'delete' }, why: 'The keyed hash goes with the CPR number.' },
  known_person_pending: { classes: ['with_person'], columns: { person_id: 'delete' }, why: 'A queue of persons to hash; emptied at once.' },
  known_person_questions: {
    classes: ['audit_log'], columns: { cpr_key: 'delete', purpose: 'delete' },
    why: 'A question across units is part of the audit trail of both units; it ends with the audit class.',
  },
  known_person_answers: { classes: ['audit_log'], columns: { person_id: 'delete' }, why: 'Ends with its question.' },
  known_person_settings: { classes: ['staff'], columns: { contact: 'keep' }, why: 'A unit setting with a function contact.' },
};
