import { z } from 'zod';
import { AuditRow, IsoDate, Version } from './contracts.ts';

/**
 * Contracts of the citizens'-rights watch: snooping alerts for the DPO (docs/security.md, "Snooping alerts"), the bias
 * watch (docs/domain.md, "Bias watch") and consent records (docs/domain.md, "Consent"). Shared by server and web app.
 */

// --- snooping alerts -------------------------------------------------------------------------------------------------

export const SNOOPING_RULES = ['volume', 'outside_reach', 'watched_person', 'off_hours'] as const;
export const SnoopingRule = z.enum(SNOOPING_RULES);
export type SnoopingRule = z.infer<typeof SnoopingRule>;
export const AlertStatus = z.enum(['open', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const SnoopingAlert = z.object({
  id: z.uuid(),
  rule: SnoopingRule,
  /** The member of staff whose look-ups raised the alert, and their role (staff data for the DPO). */
  userId: z.uuid(),
  userName: z.string(),
  userRole: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  /** The count the rule measured in the window (distinct persons, or look-ups), and the user's baseline (volume). */
  observed: z.number().int(),
  baseline: z.number().nullable(),
  rowCount: z.number().int(),
  status: AlertStatus,
  resolutionNote: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  version: z.number().int(),
});
export type SnoopingAlert = z.infer<typeof SnoopingAlert>;
export const SnoopingAlertDetail = SnoopingAlert.extend({ rows: z.array(AuditRow) });
export type SnoopingAlertDetail = z.infer<typeof SnoopingAlertDetail>;
export const SnoopingAlertQuery = z.object({ status: AlertStatus.optional() });
export const ResolveAlertInput = z.strictObject({ version: Version, note: z.string().trim().min(1).max(2000) });
export type ResolveAlertInput = z.infer<typeof ResolveAlertInput>;

/** The rules' thresholds as the DPO sees them (snooping_rules, migration 0230). */
export const SnoopingRuleSetting = z.object({
  rule: SnoopingRule,
  enabled: z.boolean(),
  threshold: z.number().int(),
  baselineFactor: z.number().nullable(),
  baselineDays: z.number().int().nullable(),
  workStartHour: z.number().int().nullable(),
  workEndHour: z.number().int().nullable(),
});
export const SnoopingOverview = z.object({ alerts: z.array(SnoopingAlert), rules: z.array(SnoopingRuleSetting) });
export type SnoopingOverview = z.infer<typeof SnoopingOverview>;

export const WatchFlagKind = z.enum(['staff', 'flagged']);
export const WatchFlagInput = z.strictObject({ personId: z.uuid(), kind: WatchFlagKind, reason: z.string().trim().min(1).max(500) });
export type WatchFlagInput = z.infer<typeof WatchFlagInput>;
export const WatchFlag = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  kind: WatchFlagKind,
  reason: z.string(),
  flaggedByName: z.string(),
  flaggedAt: z.string(),
  liftedAt: z.string().nullable(),
  version: z.number().int(),
});
export type WatchFlag = z.infer<typeof WatchFlag>;
export const LiftWatchFlagInput = z.strictObject({ version: Version });

// --- bias watch ------------------------------------------------------------------------------------------------------

export const REPORTER_SECTORS = [
  'school', 'social_services', 'psychiatry', 'police', 'health', 'housing', 'ssp', 'relative', 'citizen', 'anonymous',
] as const;
export const ReporterSector = z.enum(REPORTER_SECTORS);
export type ReporterSector = z.infer<typeof ReporterSector>;

export const BiasQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export type BiasQuery = z.infer<typeof BiasQuery>;
/**
 * One cell: the concerns decided (justified or unfounded) with these characteristics. counts are null when suppressed
 * (fewer than the minimum cell size, or revealing a suppressed neighbour), and the shares then too.
 */
export const BiasCell = z.object({
  ideologyArea: z.string(),
  reporterSector: z.string(),
  district: z.string(),
  gender: z.string(),
  decided: z.number().int().nullable(),
  justifiedShare: z.number().nullable(),
  unfoundedShare: z.number().nullable(),
  /** The cell's unfounded share is far above the unit's baseline (BIAS_FLAG in src/shared/watch.ts). */
  flagged: z.boolean(),
});
export const BiasReport = z.object({
  year: z.number().int(),
  minCellSize: z.number().int(),
  baseline: z.object({ decided: z.number().int(), justifiedShare: z.number().nullable(), unfoundedShare: z.number().nullable() }),
  rule: z.object({ minDecided: z.number().int(), pointsAbove: z.number(), ratioAbove: z.number() }),
  cells: z.array(BiasCell),
  suppressedCells: z.number().int(),
  religionOverrides: z.number().int(),
});
export type BiasReport = z.infer<typeof BiasReport>;

/**
 * The flag rule: a cell is flagged when it has at least minDecided decided concerns and its unfounded share is at
 * least pointsAbove percentage points above the unit's baseline AND at least ratioAbove times the baseline. Both, so
 * a small baseline does not flag every cell with one unfounded concern, and a large one needs a real difference.
 */
export const BIAS_FLAG = { minDecided: 5, pointsAbove: 0.2, ratioAbove: 1.5 } as const;

/** True when a cell's unfounded share is far above the baseline by BIAS_FLAG. */
export function biasFlagged(decided: number, unfoundedShare: number, baselineShare: number): boolean {
  return decided >= BIAS_FLAG.minDecided && unfoundedShare - baselineShare >= BIAS_FLAG.pointsAbove
    && unfoundedShare >= BIAS_FLAG.ratioAbove * baselineShare;
}

// --- consents --------------------------------------------------------------------------------------------------------

export const ConsentGivenBy = z.enum(['person', 'guardian']);
export const ConsentInput = z.strictObject({
  consentedTo: z.string().trim().min(1).max(500),
  scope: z.string().trim().min(1).max(500),
  givenBy: ConsentGivenBy,
  /** Required when a parent or guardian consented for a child; left out when the person did. */
  guardianName: z.string().trim().min(1).max(200).optional(),
  givenAt: z.string(),
  expiresOn: IsoDate.optional(),
});
export type ConsentInput = z.infer<typeof ConsentInput>;
export const WithdrawConsentInput = z.strictObject({
  version: Version,
  withdrawnAt: z.string().optional(),
  note: z.string().trim().min(1).max(1000).optional(),
});
export type WithdrawConsentInput = z.infer<typeof WithdrawConsentInput>;
export const ReviewConsentInput = z.strictObject({ version: Version, note: z.string().trim().min(1).max(1000) });
export type ReviewConsentInput = z.infer<typeof ReviewConsentInput>;
export const Consent = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  consentedTo: z.string(),
  scope: z.string(),
  givenBy: ConsentGivenBy,
  guardianName: z.string().nullable(),
  givenAt: z.string(),
  expiresOn: z.string().nullable(),
  recordedBy: z.uuid(),
  recordedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnRecordedBy: z.uuid().nullable(),
  withdrawalNote: z.string().nullable(),
  disclosuresReviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  /** Not withdrawn and not expired today: a disclosure on the basis 'consent' may point at it. */
  valid: z.boolean(),
  /** How many disclosures were made on this consent. */
  disclosures: z.number().int(),
  version: z.number().int(),
});
export type Consent = z.infer<typeof Consent>;

/**
 * The reporter's sector a forwarded call implies (the call records the caller's type and, for a professional, their
 * sector): null when it implies none (a professional of another sector), so the sector is asked.
 */
export function reporterSectorOfCaller(
  type: 'professional' | 'parent' | 'relative' | 'citizen' | 'anonymous',
  sector: 'school' | 'club' | 'social_services' | 'psychiatry' | 'housing' | 'police' | 'other' | null,
): ReporterSector | null {
  if (type === 'anonymous') return 'anonymous';
  if (type === 'parent' || type === 'relative') return 'relative';
  if (type === 'citizen') return 'citizen';
  const professional: Record<string, ReporterSector | null> = {
    school: 'school', club: 'ssp', social_services: 'social_services', psychiatry: 'psychiatry', housing: 'housing', police: 'police', other: null,
  };
  return sector ? professional[sector] ?? null : null;
}
