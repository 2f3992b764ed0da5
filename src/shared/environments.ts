import { z } from 'zod';
import { IsoDate, Version } from './contracts.ts';

/**
 * Contracts of the risk-environment and network registers (docs/domain.md, "Risk environments and networks"), and of
 * the psychiatry pathway (docs/domain.md, "The psychiatry pathway"). The registers hold no personal data: key actors
 * are roles or organisations, never named persons.
 */

const Name = z.string().trim().min(1).max(200);
const Text = z.string().trim().max(2000);
const Short = z.string().trim().min(1).max(200);

/** A key actor of an environment: a role ("træner i fodboldklubben") or an organisation ("boligforeningen"), never a person. */
export const KeyActorKind = z.enum(['role', 'organisation']);
export const KeyActor = z.object({ kind: KeyActorKind, description: Short });
export type KeyActor = z.infer<typeof KeyActor>;

export const EnvironmentInput = z.object({
  name: Name,
  description: Text.default(''),
  area: z.string().trim().max(200).default(''),
  entryPoints: z.array(Short).max(20).default([]),
  keyActors: z.array(KeyActor).max(30).default([]),
  startedOn: IsoDate,
});
export type EnvironmentInput = z.infer<typeof EnvironmentInput>;

export const EnvironmentPatch = z.object({
  version: Version,
  name: Name.optional(),
  description: Text.optional(),
  area: z.string().trim().max(200).optional(),
  entryPoints: z.array(Short).max(20).optional(),
  keyActors: z.array(KeyActor).max(30).optional(),
  /** The date the unit stopped working with the environment; null reopens it. */
  closedOn: IsoDate.nullable().optional(),
});
export type EnvironmentPatch = z.infer<typeof EnvironmentPatch>;

export const Environment = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  name: z.string(),
  description: z.string(),
  area: z.string(),
  entryPoints: z.array(z.string()),
  keyActors: z.array(KeyActor),
  startedOn: z.string(),
  closedOn: z.string().nullable(),
  version: z.number().int(),
  /** Activities held in the environment (linked), and concerns that name it as where they came from: counts only. */
  activities: z.number().int(),
  /** null: a count from 1 to 4 suppressed for a reader of aggregates only (analysts, docs/security.md). */
  concerns: z.number().int().nullable(),
  /** Concerns from the environment received after its first linked outreach activity ("later concerns"). */
  concernsAfterOutreach: z.number().int().nullable(),
});
export type Environment = z.infer<typeof Environment>;

export const NetworkKind = z.enum(['mosque_network', 'parent_network', 'ngo']);
export type NetworkKind = z.infer<typeof NetworkKind>;

export const NetworkInput = z.object({
  kind: NetworkKind,
  name: Name,
  description: Text.default(''),
  organisations: z.array(Short).max(100).default([]),
  startedOn: IsoDate,
});
export type NetworkInput = z.infer<typeof NetworkInput>;

export const NetworkPatch = z.object({
  version: Version,
  name: Name.optional(),
  description: Text.optional(),
  organisations: z.array(Short).max(100).optional(),
  endedOn: IsoDate.nullable().optional(),
});
export type NetworkPatch = z.infer<typeof NetworkPatch>;

export const Network = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  kind: NetworkKind,
  name: z.string(),
  description: z.string(),
  organisations: z.array(z.string()),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  version: z.number().int(),
  /** Activities linked to the network. */
  activities: z.number().int(),
});
export type Network = z.infer<typeof Network>;

export const NetworkQuery = z.object({ kind: NetworkKind.optional() });

/** Where an activity was held: an environment and/or a network of the unit (null unlinks). */
export const ActivityLinkInput = z.object({
  environmentId: z.uuid().nullable(),
  networkId: z.uuid().nullable(),
});
export type ActivityLinkInput = z.infer<typeof ActivityLinkInput>;
export const ActivityLink = z.object({ activityId: z.uuid(), environmentId: z.uuid().nullable(), networkId: z.uuid().nullable() });

/** The environment a concern came from (null: none named). */
export const ConcernEnvironmentInput = z.object({ environmentId: z.uuid().nullable() });
export const ConcernEnvironment = z.object({ concernId: z.uuid(), environmentId: z.uuid().nullable() });

// --- the psychiatry pathway (docs/domain.md, "The psychiatry pathway") ------------------------------------------------
export const PsychiatryOutcome = z.enum(['illness', 'radicalisation', 'both', 'unclear']);
export type PsychiatryOutcome = z.infer<typeof PsychiatryOutcome>;
export const PsychiatryConsultationInput = z.object({ consultedOn: IsoDate, outcome: PsychiatryOutcome });
export type PsychiatryConsultationInput = z.infer<typeof PsychiatryConsultationInput>;
export const PsychiatryConsultation = z.object({
  id: z.uuid(), concernId: z.uuid().nullable(), caseId: z.uuid().nullable(), consultedOn: z.string(), outcome: PsychiatryOutcome,
  recordedBy: z.string(), recordedAt: z.string(),
});

// --- history before the records (docs/domain.md, "History before the records") -------------------------------------
/** A published figure from before the unit's records begin: a year (firstYear = lastYear) or a period, as published. */
export const HistoryAggregate = z.object({
  measure: z.enum(['concerns_received', 'courses_started', 'cases_opened']),
  firstYear: z.number().int(), lastYear: z.number().int(), value: z.number().int(), source: z.string(),
});
export type HistoryAggregate = z.infer<typeof HistoryAggregate>;

// --- transitions (docs/domain.md, "Transitions") ----------------------------------------------------------------
export const TransitionKind = z.enum(['custody_release', 'prison_release']);
export const TransitionStatus = z.enum(['planned', 'prepared', 'cancelled']);
export const TransitionInput = z.object({
  kind: TransitionKind,
  dueOn: IsoDate,
  /** Days before the release that the case owner's task falls due. */
  noticeDays: z.number().int().min(1).max(180).default(30),
});
export type TransitionInput = z.infer<typeof TransitionInput>;
export const TransitionPatch = z.object({
  version: Version,
  dueOn: IsoDate.optional(),
  noticeDays: z.number().int().min(1).max(180).optional(),
  status: TransitionStatus.optional(),
});
export type TransitionPatch = z.infer<typeof TransitionPatch>;
export const Transition = z.object({
  id: z.uuid(), caseId: z.uuid(), kind: TransitionKind, dueOn: z.string(), noticeDays: z.number().int(), status: TransitionStatus, version: z.number().int(),
});
