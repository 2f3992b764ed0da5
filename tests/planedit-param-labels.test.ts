import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INDICATORS } from '../src/shared/indicators.ts';
import da from '../src/web/i18n/da/planedit.json' with { type: 'json' };
import en from '../src/web/i18n/en/planedit.json' with { type: 'json' };

/**
 * The plan editor labels an indicator's parameters and their values from planedit.json (PlanEditPage.tsx, valueLabel
 * falls back to the raw code). The 2020-21 plan's indicators must not show raw codes: each parameter and each value of
 * an enumerated parameter has a label in Danish and English.
 */
describe('plan editor labels for indicator parameters', () => {
  for (const measure of ['concerns_from_environment', 'psychiatry_consultations'] as const) {
    it(`labels every parameter and value of ${measure} in da and en`, () => {
      const shape = (INDICATORS[measure].params as unknown as z.ZodObject<Record<string, z.ZodType>>).shape;
      expect(Object.keys(shape).length).toBeGreaterThan(0);
      for (const [key, s] of Object.entries(shape)) {
        const inner = s instanceof z.ZodOptional ? (s.unwrap() as z.ZodType) : s;
        for (const file of [da, en]) {
          const params = file.planEdit.params as Record<string, string>;
          expect(params[key], `${measure}.${key}`).toBeTruthy();
          if (inner instanceof z.ZodEnum) {
            const values = (file.planEdit.values as Record<string, Record<string, string>>)[key] ?? {};
            for (const o of inner.options as string[]) expect(values[o], `${key}.${o}`).toBeTruthy();
          }
        }
      }
    });
  }
});
