import { describe, expect, it } from 'vitest';
import { foldWords, isReligionOnly } from './religion-check.ts';

describe('isReligionOnly', () => {
  it('stops a description of religious practice and appearance only, Danish and English', () => {
    expect(isReligionOnly('beder fem gange om dagen, har fået skæg')).toBe(true);
    expect(isReligionOnly('Han går i moskéen hver fredag og bærer tørklæde')).toBe(true);
    expect(isReligionOnly('He prays five times a day and has grown a beard')).toBe(true);
  });

  it('passes a description that names an act beside religious words', () => {
    expect(isReligionOnly('beder fem gange om dagen og truer klassekammerater med vold')).toBe(false);
    expect(isReligionOnly('He prays daily and shares beheading videos with younger pupils')).toBe(false);
  });

  it('passes a description with no religious word at all', () => {
    expect(isReligionOnly('deler propaganda på skolen')).toBe(false);
    expect(isReligionOnly('')).toBe(false);
  });

  it('folds case, Danish letters and diacritics, word by word', () => {
    expect(foldWords('SKÆG, Tørklæde; moskéen')).toEqual(['skaeg', 'toerklaede', 'moskeen']);
    // word-based: a religious term inside another word is not a match ("bedetid" is, "bedrag" is not)
    expect(isReligionOnly('bedrag')).toBe(false);
  });
});
