import { z } from 'zod';
import { IsoDate } from './contracts.ts';

/**
 * Supervision sessions VINK gives a case's resource person or SSP member (docs/domain.md, "Resource persons and SSP"):
 * the member supervised, the date, the duration in minutes and the topic.
 */
export const SupervisionInput = z.object({
  memberId: z.uuid(),
  heldOn: IsoDate,
  durationMinutes: z.number().int().min(5).max(600),
  topic: z.string().trim().min(1).max(500),
});
export type SupervisionInput = z.infer<typeof SupervisionInput>;

export const SupervisionSession = z.object({
  id: z.uuid(), caseId: z.uuid(), member: z.object({ id: z.uuid(), displayName: z.string() }), relation: z.enum(['resource_person', 'ssp']).nullable(),
  heldOn: z.string(), durationMinutes: z.number().int(), topic: z.string(), recordedBy: z.uuid(), recordedAt: z.string(),
});
export type SupervisionSession = z.infer<typeof SupervisionSession>;
