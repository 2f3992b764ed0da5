import { describe, expect, it } from 'vitest';
import { maskName, matchScore, nameInitials, nameSimilarity, normaliseName } from './matching.ts';

describe('name normalisation', () => {
  it('folds Danish letters the way they are written without them, and drops other diacritics', () => {
    expect(normaliseName('Åse Ærø-Østergård')).toBe('aase aeroe oestergaard');
    expect(normaliseName('  Zoë  Müller ')).toBe('zoe muller');
    expect(nameInitials('Åse Østergård')).toEqual(['a', 'o']);
  });
});

describe('name similarity', () => {
  it('is 1 for the same name in other case, order or spelling of æ/ø/å', () => {
    expect(nameSimilarity('Åse Østergård', 'AASE OESTERGAARD')).toBe(1);
    expect(nameSimilarity('Hassan Ali', 'ali hassan')).toBe(1);
  });
  it('is high for a small misspelling and low for another person', () => {
    expect(nameSimilarity('Mohammed Hassan', 'Mohamed Hasan')).toBeGreaterThan(0.5);
    expect(nameSimilarity('Mohammed Hassan', 'Peter Jensen')).toBeLessThan(0.1);
  });
  it('is 0 for an empty name', () => {
    expect(nameSimilarity('', 'Peter')).toBe(0);
  });
});

describe('match score', () => {
  it('lifts an equal birth date and proposes nothing for a different name', () => {
    const q = { fullName: 'Mohamed Hasan', birthDate: '2009-05-01' };
    const same = matchScore(q, { fullName: 'Mohammed Hassan', birthDate: '2009-05-01' });
    const other = matchScore(q, { fullName: 'Mohammed Hassan', birthDate: '1980-01-01' });
    expect(same?.matchedOn).toBe('name_birth_date');
    expect(same!.score).toBeGreaterThan(0.75);
    expect(other === null || other.score < same!.score).toBe(true);
    expect(matchScore(q, { fullName: 'Peter Jensen', birthDate: '2009-05-01' })).toBeNull();
  });
  it('scores on the name alone when no birth date is given', () => {
    expect(matchScore({ fullName: 'Åse Hansen', birthDate: null }, { fullName: 'Aase Hansen', birthDate: '2001-01-01' })).toEqual({ score: 1, matchedOn: 'name' });
  });
});

describe('masked name', () => {
  it('shows initials only', () => {
    expect(maskName('Åse  Østergård Hansen')).toBe('Å. Ø. H.');
  });
});
