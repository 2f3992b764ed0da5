import i18next from 'i18next';
import type { Instrument, Label } from './types.ts';

/** The active language's text of an instrument label (the instrument carries Danish and English). */
export function labelText(label: Label): string {
  return i18next.language === 'en' ? label.en : label.da;
}

/** The dimensions in the instrument's order. */
export function dimensionsOf(instrument: Instrument) {
  return [...instrument.dimensions].sort((a, b) => a.position - b.position);
}

/** The label of a rating value on the instrument's scale; null is the explicit "unknown" step. */
export function scaleLabel(instrument: Instrument, value: number | null): string {
  const step = instrument.scale.find((s) => s.value === value);
  return step ? labelText(step.label) : String(value);
}

/** The ordinal steps (without "unknown"), lowest first. */
export function ordinalSteps(instrument: Instrument): number[] {
  return instrument.scale.map((s) => s.value).filter((v): v is number => v !== null).sort((a, b) => a - b);
}
