/**
 * The term list behind the intake's religion-only check (./religion-check.ts; docs/domain.md, "The flow of a
 * concern", step 2). Data, versioned: a change of the list bumps version, and a concern saved past the check records
 * the version it was checked against. Words are matched whole after folding (lower case, æ→ae, ø→oe, å→aa,
 * diacritics removed); an entry ending in '*' matches every word that starts with it.
 *
 * religious: words that name religious practice, appearance or belief (Danish and English). Naming them is not an
 * act, and a concern can never rest on them alone.
 * neutral: words that carry no act of their own (function words, numbers, time, frequency and "has got"-style verbs).
 * A description made only of religious and neutral words names no act and is stopped.
 */
export const RELIGION_TERMS = {
  version: 1,
  religious: [
    // Danish: practice
    'beder', 'bede', 'bad', 'bedt', 'boen*', 'bedetaeppe*', 'fredagsboen*', 'faster', 'faste', 'fastede', 'ramadan*',
    'moske*', 'kirke*', 'synagoge*', 'koran*', 'bibel*', 'islam*', 'muslim*', 'kristen*', 'kristne', 'jode*', 'joedisk*',
    'hindu*', 'buddhis*', 'religi*', 'troende', 'tro', 'troen', 'gudstro*', 'allah', 'gud', 'guds', 'halal', 'haram',
    'konverter*', 'omvendt', 'imam*', 'praest*', 'rabbin*', 'salat', 'wudu', 'hajj', 'pilgrim*', 'sharia', 'eid', 'jul',
    // Danish: appearance
    'skaeg', 'skaegget', 'fuldskaeg', 'toerklaede*', 'hijab*', 'niqab*', 'burka*', 'kalot*', 'kippa*', 'turban*',
    'kjortel*', 'thawb*', 'djellaba*', 'jilbab*', 'kors', 'korset', 'halskaede*', 'bedekrans*', 'tildaekket', 'tildaekker',
    // English
    'pray', 'prays', 'praying', 'prayed', 'prayer*', 'fast', 'fasts', 'fasting', 'mosque*', 'church*', 'synagogue*',
    'quran*', 'koran', 'bible*', 'muslim*', 'christian*', 'jew', 'jews', 'jewish', 'religio*', 'faith*', 'belief*',
    'believer*', 'devout', 'pious', 'god', 'convert*', 'beard*', 'headscarf*', 'veil*', 'veiled', 'robe*', 'skullcap*',
    'cross', 'rosary', 'imam*', 'priest*', 'rabbi*',
  ],
  neutral: [
    // Danish function words, pronouns, numbers, time and frequency
    'han', 'hun', 'de', 'den', 'det', 'der', 'som', 'og', 'eller', 'men', 'at', 'i', 'pa', 'paa', 'om', 'til', 'fra',
    'med', 'af', 'for', 'en', 'et', 'sin', 'sit', 'sine', 'hans', 'hendes', 'deres', 'er', 'var', 'har', 'havde', 'haft',
    'faaet', 'fik', 'faar', 'gaar', 'gik', 'bliver', 'blevet', 'blev', 'begyndt', 'begynder', 'startet', 'nu', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'fredagen', 'loerdag', 'soendag', 'weekenden',
    'altid', 'ofte', 'tit', 'meget', 'mere', 'mange', 'flere', 'hver', 'hvert', 'alle', 'dag', 'dagen', 'dagligt',
    'daglig', 'uge', 'ugen', 'ugentlig', 'ugentligt', 'maaned', 'maaneden', 'aar', 'gang', 'gange', 'nogle', 'ogsaa',
    'laengere', 'lang', 'langt', 'stort', 'stor', 'store', 'sort', 'sorte', 'hvid', 'hvide', 'elev', 'eleven', 'drengen',
    'pigen', 'borgeren', 'personen', 'manden', 'kvinden', 'unge', 'siden', 'seneste', 'sidste', 'hele',
    'tiden', 'bruger', 'baerer', 'gaaet', 'gaa', 'klaedt', 'klaeder', 'ud', 'op',
    'to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni', 'ti', 'halvt', 'hjemme', 'skolen', 'frikvarteret',
    // English
    'he', 'she', 'they', 'it', 'his', 'her', 'their', 'the', 'a', 'an', 'and', 'or', 'but', 'to', 'in', 'on', 'at', 'of',
    'for', 'from', 'with', 'has', 'have', 'had', 'got', 'gotten', 'grown', 'grew', 'grow', 'is', 'was', 'are', 'were',
    'started', 'starts', 'begun', 'began', 'now', 'always', 'often', 'very', 'more', 'many', 'every', 'each', 'all',
    'friday', 'fridays', 'day', 'days', 'daily', 'week', 'weekly', 'month', 'year', 'time', 'times', 'long', 'longer', 'big', 'black',
    'white', 'goes', 'went', 'go', 'going', 'wears', 'wearing', 'wore', 'dressed', 'since', 'recently', 'lately',
    'pupil', 'student', 'boy', 'girl', 'man', 'woman', 'person', 'one', 'two', 'three', 'four', 'five', 'six', 'seven',
    'eight', 'nine', 'ten', 'twice', 'once', 'home', 'school', 'also',
  ],
} as const;
