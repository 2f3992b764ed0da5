import { describe, expect, it } from 'vitest';
import { parseCpr } from '../../shared/cpr.ts';
import { fictitiousCpr, isFictitiousCpr } from './cpr.ts';
import { Rng } from './random.ts';
import { AARHUS_VOLUME, COPENHAGEN_VOLUME, generateDemoData, TABLES, type Dataset, type DemoUnit } from './generate.ts';

const DIMENSIONS = ['convictions_rhetoric', 'personality', 'violence', 'mental_vulnerability', 'criminal_history', 'family',
  'socialisation', 'network_leisure', 'education_employment'];
const NOW = new Date('2026-03-02T08:00:00Z');

function units(): DemoUnit[] {
  const staff = (p: string) => ({
    coordinators: [`${p}-coord`], advisers: [`${p}-adv1`, `${p}-adv2`], mentors: [`${p}-m1`, `${p}-m2`], coaches: [`${p}-c1`],
    police: `${p}-police`, partner: `${p}-partner`,
  });
  return [
    { unitId: 'cph', code: '101', firstYear: 2015, concernsIn: COPENHAGEN_VOLUME, scenario: true, takenOverCases: 15, staff: staff('cph'),
      policeOrganisation: 'Københavns Politi', partnerOrganisation: 'Psykiatrien', infohusParticipants: ['VINK'] },
    { unitId: 'aar', code: '751', firstYear: 2024, concernsIn: AARHUS_VOLUME, scenario: false, staff: { ...staff('aar'), police: null, partner: null },
      policeOrganisation: 'Østjyllands Politi', partnerOrganisation: 'Psykiatrien', infohusParticipants: ['Aarhus'] },
  ];
}

const generate = (now = NOW): Dataset => generateDemoData(units(), now, DIMENSIONS);

describe('fictitious CPR numbers', () => {
  it('are well-formed, name a birth year 2037–2057 and match the gender', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 500; i++) {
      const gender = i % 2 ? 'male' : 'female';
      const birth = `19${String(70 + (i % 30)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const cpr = fictitiousCpr(rng, birth, gender);
      const parsed = parseCpr(cpr);
      expect(parsed, cpr).not.toBeNull();
      const year = Number(parsed!.birthDate.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(2037);
      expect(year).toBeLessThanOrEqual(2057);
      expect(parsed!.legalSex).toBe(gender);
      expect(Number(cpr[7])).toBeGreaterThanOrEqual(5);
      expect(Number(cpr[7])).toBeLessThanOrEqual(8);
    }
  });

  it('handle a 29 February birthday (no leap day is assumed in the invented year)', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) expect(isFictitiousCpr(fictitiousCpr(rng, '2004-02-29', 'unknown'))).toBe(true);
  });

  it('refuse numbers that a living person could hold', () => {
    expect(isFictitiousCpr('010190-1234')).toBe(false); // 1990
    expect(isFictitiousCpr('010137-4234')).toBe(false); // 7th digit 4 with year 37: 1937
    expect(isFictitiousCpr('010158-5234')).toBe(false); // 7th digit 5 with year 58: 1858
    expect(isFictitiousCpr('010136-5234')).toBe(false); // 2036: in range of the century rule but not reserved here
    expect(isFictitiousCpr('010137-9234')).toBe(false); // 7th digit 9
    expect(isFictitiousCpr('010137-5234')).toBe(true);
    expect(isFictitiousCpr('310257-8001')).toBe(false); // no 31 February
  });
});

describe('generateDemoData', () => {
  const data = generate();

  it('gives the same data for the same clock, and other data for another clock', () => {
    // Compared as JSON: a deep equality walk over ~20,000 rows is needlessly slow.
    expect(JSON.stringify(generate())).toBe(JSON.stringify(data));
    expect(JSON.stringify(generate(new Date('2026-03-09T08:00:00Z')).concerns)).not.toBe(JSON.stringify(data.concerns));
  });

  it('records nothing that happens after now', () => {
    const after = (rows: Record<string, unknown>[], col: string) => rows.filter((r) => r[col] !== null && String(r[col]) > NOW.toISOString());
    expect(after(data.concerns, 'received_at')).toEqual([]);
    expect(after(data.concerns, 'triaged_at')).toEqual([]);
    expect(after(data.concerns, 'updated_at')).toEqual([]);
    expect(after(data.calls, 'received_at')).toEqual([]);
    expect(after(data.cases, 'updated_at')).toEqual([]);
    expect(after(data.case_notes, 'written_at')).toEqual([]);
    expect(after(data.case_status_changes, 'changed_at')).toEqual([]);
    expect(after(data.offers, 'offered_at')).toEqual([]);
    expect(after(data.offers, 'responded_at')).toEqual([]);
    expect(after(data.course_sessions, 'logged_at')).toEqual([]);
    expect(after(data.follow_ups, 'answered_at')).toEqual([]);
    expect(after(data.disclosures, 'disclosed_at')).toEqual([]);
    expect(after(data.assessments, 'created_at')).toEqual([]);
  });

  it('gives every concern observed behaviour: at least one indicator and a description', () => {
    const withIndicator = new Set(data.concern_behaviours.map((b) => b.concern_id));
    for (const k of data.concerns) {
      expect(withIndicator.has(k.id)).toBe(true);
      expect(String(k.behaviour_description).length).toBeGreaterThanOrEqual(10);
    }
  });

  it('keeps each case history consistent: statuses chain, the last one is the case status, re-offers point at the first offer', () => {
    const byCase = new Map<unknown, Record<string, unknown>[]>();
    for (const ch of data.case_status_changes) byCase.set(ch.case_id, [...(byCase.get(ch.case_id) ?? []), ch]);
    for (const c of data.cases) {
      const chain = byCase.get(c.id) ?? [];
      let from = 'open';
      for (const ch of chain) {
        expect(ch.from_status).toBe(from);
        from = String(ch.to_status);
      }
      expect(c.status).toBe(from);
      expect(c.closed_at !== null).toBe(c.status === 'closed');
    }
    const offers = new Map(data.offers.map((o) => [o.id, o]));
    for (const o of data.offers) {
      if (o.reoffer_of === null) continue;
      const first = offers.get(o.reoffer_of)!;
      expect(first.reoffer_of).toBeNull();
      expect(first.case_id).toBe(o.case_id);
    }
  });

  it('has 55–65% of first mentor and coach offers accepted, as the plan counts it, whatever the clock', () => {
    // offer_acceptance_rate (src/shared/indicators.ts): first offers (not re-offers) of mentor and relative coach, answered.
    for (const now of [NOW, new Date('2024-01-10T08:00:00Z'), new Date('2026-12-07T08:00:00Z'), new Date('2028-05-05T08:00:00Z')]) {
      const d = now === NOW ? data : generate(now);
      const first = d.offers.filter((o) => o.unit_id === 'cph' && o.reoffer_of === null && o.response !== 'pending'
        && (o.type === 'mentor' || o.type === 'relative_coach'));
      const share = first.filter((o) => o.response === 'accepted').length / first.length;
      expect(share, now.toISOString()).toBeGreaterThanOrEqual(0.55);
      expect(share, now.toISOString()).toBeLessThanOrEqual(0.65);
    }
  });

  it('starts 15–21 courses in 2015 in Copenhagen (the seeds: 18), with the cases taken over when the records begin', () => {
    for (const now of [NOW, new Date('2024-01-10T08:00:00Z'), new Date('2026-12-07T08:00:00Z')]) {
      const d = now === NOW ? data : generate(now);
      const started2015 = d.courses.filter((c) => c.unit_id === 'cph' && String(c.started_on).startsWith('2015-')).length;
      expect(started2015, now.toISOString()).toBeGreaterThanOrEqual(15);
      expect(started2015, now.toISOString()).toBeLessThanOrEqual(21);
    }
    // The taken-over cases have no concern record: the 2015 concerns stay the seeds' 100.
    expect(data.concerns.filter((k) => k.unit_id === 'cph' && String(k.received_at).startsWith('2015-'))).toHaveLength(100);
    const withConcern = new Set(data.concerns.map((k) => k.case_id));
    expect(data.cases.filter((c) => c.unit_id === 'cph' && !withConcern.has(c.id))).toHaveLength(15);
  });

  it('writes rows of one shape per table', () => {
    for (const t of TABLES) {
      const keys = new Set(data[t].map((r) => Object.keys(r).join(',')));
      expect(keys.size, t).toBeLessThanOrEqual(1);
    }
  });
});
