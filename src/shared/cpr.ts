/**
 * Danish CPR numbers (DDMMYY-SSSS). Validation checks the shape and that the date exists; the century follows the
 * CPR Office's rule from the 7th digit. The modulus-11 check is not required (abandoned in 2007), so it is not used.
 */
export interface CprInfo {
  normalised: string;
  birthDate: string;
  legalSex: 'female' | 'male';
}

export function parseCpr(input: string): CprInfo | null {
  const m = /^(\d{2})(\d{2})(\d{2})-?(\d{4})$/.exec(input.trim());
  if (!m) return null;
  const [, dd, mm, yy, serial] = m as unknown as [string, string, string, string, string];
  const day = Number(dd);
  const month = Number(mm);
  const y = Number(yy);
  const s7 = Number(serial[0]);
  let century: number;
  if (s7 <= 3) century = 1900;
  else if (s7 === 4 || s7 === 9) century = y <= 36 ? 2000 : 1900;
  else century = y <= 57 ? 2000 : 1800;
  const year = century + y;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return {
    normalised: `${dd}${mm}${yy}-${serial}`,
    birthDate: date.toISOString().slice(0, 10),
    legalSex: Number(serial[3]) % 2 === 0 ? 'female' : 'male',
  };
}

/** Shows the birth-date part only: 010203-XXXX. */
export function maskCpr(cpr: string | null): string | null {
  return cpr ? `${cpr.slice(0, 6)}-XXXX` : null;
}

/**
 * Masks every CPR-shaped run of digits in free text (ten digits, optionally with a dash or space after the sixth):
 * the birth-date part stays, the serial becomes XXXX. For what is stored about a search, e.g. the audit row's
 * criterion: the log must not become a second register of CPR numbers (docs/security.md, "The audit trail").
 */
export function maskCprsInText(text: string): string {
  return text.replace(/(?<!\d)(\d{6})[-\s]?\d{4}(?!\d)/g, '$1-XXXX');
}
