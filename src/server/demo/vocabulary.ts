/**
 * Words and sentences for the fictitious demo data (Danish, as the unit writes them). Surnames are invented so
 * nobody can mistake a demo person for a real one; first names are common Danish names and are drawn independently
 * of the ideology area, so the demo does not teach a stereotype.
 */

export const SURNAMES = [
  'Testesen', 'Prøvemand', 'Eksempelsen', 'Demosen', 'Fiktivsen', 'Opdigtsen', 'Påhitsen', 'Skabelonsen',
  'Attrapsen', 'Modelsen', 'Forsøgsen', 'Skitsesen', 'Udkastsen', 'Mønstersen', 'Øvelsesen', 'Prototypesen',
  'Kladdesen', 'Dummysen',
] as const;

export const MALE_NAMES = [
  'Ali', 'Jonas', 'Mikkel', 'Lucas', 'Omar', 'Noah', 'William', 'Oliver', 'Emil', 'Frederik', 'Mathias', 'Magnus',
  'Victor', 'Alexander', 'Mohammad', 'Ahmad', 'Yusuf', 'Rasmus', 'Kasper', 'Christian', 'Mads', 'Anton', 'Elias',
  'Adam', 'Hassan', 'Tobias', 'Sebastian', 'Malthe', 'Jakob', 'Ibrahim', 'Daniel', 'Nikolaj', 'Martin', 'Simon',
] as const;

export const FEMALE_NAMES = [
  'Emma', 'Sara', 'Fatima', 'Ida', 'Freja', 'Amalie', 'Sofie', 'Laura', 'Clara', 'Anna', 'Maja', 'Yasmin', 'Aya',
  'Josefine', 'Mathilde', 'Cecilie', 'Nanna', 'Julie', 'Asma', 'Leila', 'Karoline', 'Signe', 'Mille', 'Alberte',
] as const;

export const DISTRICTS = {
  '101': ['Nørrebro', 'Amager Øst', 'Amager Vest', 'Valby', 'Vanløse', 'Brønshøj-Husum', 'Bispebjerg', 'Østerbro',
    'Vesterbro/Kongens Enghave', 'Indre By'],
  '751': ['Aarhus C', 'Gellerup', 'Viby', 'Hasle', 'Tilst', 'Risskov', 'Åbyhøj'],
} as const;

export type IdeologyArea = 'militant_islamism' | 'right_wing' | 'left_wing' | 'other_unclear';
export type Indicator =
  | 'violence_glorification' | 'threats' | 'propaganda_sharing' | 'extremist_contacts' | 'travel_conflict_zone'
  | 'weapons_interest' | 'sudden_isolation' | 'recruitment' | 'hate_speech' | 'other_behaviour';

/** Observed behaviour, per indicator: what a reporter writes. Never faith or opinion alone. */
export const BEHAVIOUR_SENTENCES: Record<Indicator, readonly string[]> = {
  violence_glorification: [
    'Har i undervisningen udtrykt støtte til voldelige angreb og omtalt gerningsmændene som helte.',
    'Viser klassekammerater videoer, der hylder voldshandlinger, og roser dem.',
    'Har flere gange sagt, at vold er den eneste måde at blive hørt på.',
  ],
  threats: [
    'Har fremsat verbale trusler mod personer, der er uenige med ham eller hende.',
    'Har skrevet truende beskeder på sociale medier rettet mod en bestemt gruppe.',
    'Truede en medarbejder efter en konflikt og sagde, at "de skal betale".',
  ],
  propaganda_sharing: [
    'Deler ekstremistisk propaganda i lukkede chatgrupper og på sociale medier.',
    'Har vist andre unge propagandavideoer fra en voldelig ekstremistisk organisation.',
    'Har delt flyveblade med ekstremistiske symboler i lokalområdet.',
  ],
  extremist_contacts: [
    'Er flere gange set sammen med personer, der er kendt fra et voldeligt ekstremistisk miljø.',
    'Deltager i møder arrangeret af en gruppe med tilknytning til et ekstremistisk miljø.',
    'Har fået nye, ældre venner, som familien forbinder med et ekstremistisk miljø.',
  ],
  travel_conflict_zone: [
    'Har talt om at ville rejse til en konfliktzone og spurgt andre om rejseruter.',
    'Har søgt om pas og solgt ejendele med henvisning til en rejse til et konfliktområde.',
  ],
  weapons_interest: [
    'Viser markant interesse for våben og har søgt efter vejledninger i fremstilling af sprængstof.',
    'Har medbragt en kniv i skole og talt om at skulle "forsvare sig".',
    'Har samlet billeder af våben og skudangreb i en mappe på telefonen.',
  ],
  sudden_isolation: [
    'Har på kort tid brudt kontakten til venner og familie og trukket sig fra skole og fritid.',
    'Familien oplever en pludselig tilbagetrækning og afvisning af tidligere venner.',
  ],
  recruitment: [
    'Forsøger at overtale yngre unge til at deltage i møder i en lukket ekstremistisk gruppe.',
    'Opfordrer andre unge til at tage afstand fra "systemet" og slutte sig til en bestemt gruppe.',
  ],
  hate_speech: [
    'Fremsætter hadefulde udtalelser om en bestemt befolkningsgruppe og omtaler dem som fjender.',
    'Har skrevet nedsættende og dehumaniserende opslag om minoriteter.',
  ],
  other_behaviour: [
    'Har tegnet symboler fra en voldelig ekstremistisk bevægelse på skolens bygninger.',
    'Har ændret adfærd markant og udtrykker vedvarende had mod myndighederne.',
    'Har optrådt konfronterende over for medarbejdere med henvisning til en ekstremistisk ideologi.',
  ],
};

/** How likely each indicator is to be observed, by ideology area (the demo's guess, not a research figure). */
export const INDICATOR_WEIGHTS: Record<IdeologyArea, Record<Indicator, number>> = {
  militant_islamism: { propaganda_sharing: 25, extremist_contacts: 20, travel_conflict_zone: 12, violence_glorification: 15,
    sudden_isolation: 15, recruitment: 8, weapons_interest: 4, hate_speech: 5, threats: 5, other_behaviour: 5 },
  right_wing: { hate_speech: 30, propaganda_sharing: 20, violence_glorification: 15, weapons_interest: 15, threats: 10,
    extremist_contacts: 15, recruitment: 8, other_behaviour: 8, sudden_isolation: 4, travel_conflict_zone: 0 },
  left_wing: { threats: 20, extremist_contacts: 25, violence_glorification: 10, propaganda_sharing: 15, other_behaviour: 20,
    hate_speech: 8, recruitment: 6, weapons_interest: 3, sudden_isolation: 4, travel_conflict_zone: 0 },
  other_unclear: { other_behaviour: 25, weapons_interest: 15, violence_glorification: 20, threats: 20, sudden_isolation: 15,
    propaganda_sharing: 10, hate_speech: 6, extremist_contacts: 4, recruitment: 2, travel_conflict_zone: 1 },
};

export const CONTEXT_SENTENCES = [
  'Adfærden er observeret over de seneste uger.',
  'Flere medarbejdere har uafhængigt af hinanden bemærket det samme.',
  'Henvenderen har talt med den unge, som ikke ville uddybe.',
  'Forældrene er orienteret og bekymrede.',
  'Adfærden er taget til i løbet af den seneste måned.',
  'Henvenderen er usikker på, om der er tale om radikalisering eller provokation.',
] as const;

export type CallerType = 'professional' | 'parent' | 'relative' | 'citizen' | 'anonymous';
export type Sector = 'school' | 'club' | 'social_services' | 'psychiatry' | 'housing' | 'police' | 'other';

/** Call topics: short and never identifying (a call holds no identifiable person). */
export const CALL_TOPICS: Record<Sector | Exclude<CallerType, 'professional'>, readonly string[]> = {
  school: ['Lærer i tvivl om elevs udtalelser om vold i undervisningen', 'Skoleleder spørger til propaganda delt i en klasses chatgruppe',
    'Lærer bekymret for elevs pludselige isolation og nye venner', 'Gymnasium søger råd om elev, der hylder et angreb'],
  club: ['Klubmedarbejder oplever hvervning blandt unge i klubben', 'Fritidsmedarbejder bekymret for ung med interesse for våben'],
  social_services: ['Sagsbehandler søger sparring om ung med kontakt til ekstremistisk miljø',
    'Familieafdeling spørger til underretning ved bekymring for radikalisering'],
  psychiatry: ['Behandler i tvivl om ekstreme ytringer skyldes sygdom eller radikalisering', 'Psykiatrien spørger til samarbejde med Infohuset'],
  housing: ['Boligsocial medarbejder bekymret for symboler og plakater i en opgang', 'Boligsocial helhedsplan spørger til tegn på radikalisering'],
  police: ['SSP-medarbejder søger råd om ung med interesse for våben', 'Lokalpoliti spørger til frivillige tilbud'],
  other: ['Idrætstræner spørger til tegn på radikalisering', 'Frivillig forening søger råd om medlem med hadefulde ytringer'],
  parent: ['Forælder bekymret for barnets nye venner og færden online', 'Forælder oplever, at barnet har trukket sig fra familien',
    'Forælder spørger til hjælp, når barnet deler ekstreme videoer'],
  relative: ['Søskende bekymret for udtalelser om udrejse', 'Bedsteforælder spørger til hjælp til et barnebarn'],
  citizen: ['Borger har set hadefulde opslag fra en ung i lokalområdet', 'Nabo spørger, hvor man kan henvende sig med en bekymring'],
  anonymous: ['Anonym henvendelse om ung, der deler propaganda', 'Anonym opringning om planer om udrejse',
    'Anonym henvendelse om trusler i en chatgruppe'],
};
export const GENERAL_TOPICS = ['Spørgsmål om tegn på radikalisering til brug på et personalemøde', 'Forespørgsel om oplæg for frontpersonale',
  'Spørgsmål om, hvornår en bekymring skal videregives'] as const;

export const ORGANISATIONS: Record<Sector, readonly string[]> = {
  school: ['Eksempelskolen', 'Prøvebyens Gymnasium', 'Demoskolen', 'Fiktiv Erhvervsskole'],
  club: ['Ungdomsklubben Prøvegården', 'Fritidscenter Eksempel'],
  social_services: ['Socialforvaltningen, Børne- og Familiecenter', 'Socialforvaltningen, Ungeenheden', 'Jobcenter, ungeindsatsen'],
  psychiatry: ['Region Hovedstadens Psykiatri', 'Børne- og ungdomspsykiatrien'],
  housing: ['Boligsocial helhedsplan Demoparken', 'Boligselskabet Eksempelbo'],
  police: ['SSP', 'Lokalpolitiet'],
  other: ['Idrætsforeningen Prøve IF', 'Frivilligcenter Eksempel'],
};
export const PROFESSION_TITLES: Record<Sector, string> = {
  school: 'lærer', club: 'klubmedarbejder', social_services: 'sagsbehandler', psychiatry: 'behandler',
  housing: 'boligsocial medarbejder', police: 'SSP-medarbejder', other: 'frivillig',
};
export const PARTNER_REPORTERS = ['Kriminalforsorgen', 'Region Hovedstadens Psykiatri', 'Socialforvaltningen', 'SSP'] as const;

export const INFOHUS_JUSTIFIED = [
  'Infohuset vurderer bekymringen begrundet: adfærden er konkret, gentaget og beskrevet af flere kilder. Der anbefales et frivilligt tilbud.',
  'Begrundet bekymring. Kontakt til ekstremistisk miljø bekræftet ved politiets tjek; der anbefales mentorforløb og inddragelse af familien.',
  'Begrundet: tegn på begyndende radikalisering og social isolation. Kommunen tilbyder forløb; politiet orienteres løbende efter retsplejelovens § 115.',
  'Infohuset finder bekymringen begrundet og anbefaler en koordineret indsats med fokus på uddannelse og netværk.',
] as const;
export const INFOHUS_UNFOUNDED = [
  'Infohuset vurderer bekymringen ubegrundet: adfærden kan forklares af en konflikt, og der er ikke tegn på tilknytning til ekstremistiske miljøer. Henvenderen vejledes.',
  'Ubegrundet. Udtalelserne vurderes som provokation uden tegn på radikalisering; skolen håndterer selv med støtte fra SSP.',
  'Ubegrundet i forhold til radikalisering. Psykisk sårbarhed vurderes at være det primære; der henvises til almindelige tilbud.',
  'Ubegrundet: der er ikke beskrevet adfærd, der peger på ekstremisme. Henvenderen er vejledt om at henvende sig igen ved ny adfærd.',
] as const;

export const OFFER_TYPES = ['mentor', 'relative_coach', 'exit_course', 'psychiatry', 'employment_education', 'trauma_treatment', 'other_service'] as const;
export type OfferType = (typeof OFFER_TYPES)[number];
export const OFFER_LABELS: Record<OfferType, string> = {
  mentor: 'mentorforløb', relative_coach: 'forældre-/pårørendecoach', exit_course: 'exit- og resocialiseringsforløb',
  psychiatry: 'psykiatrisk udredning', employment_education: 'uddannelses- og beskæftigelsesindsats',
  trauma_treatment: 'traumebehandling', other_service: 'anden kommunal indsats',
};

export const SESSION_NOTES = [
  'Samtale om skole og fremmøde. God kontakt.', 'Gåtur og snak om venskaber og fritid.', 'Talt om konflikter derhjemme; aftalt næste skridt.',
  'Fulgt til møde på uddannelsesstedet.', 'Drøftet nyheder og kildekritik; nysgerrig og åben.', 'Kort telefonsamtale; aflyst fysisk møde.',
  'Arbejdet med CV og ansøgning.', 'Snak om vrede og alternative handlemuligheder.', 'Fodbold med en ny gruppe; positiv oplevelse.',
  'Samtale med forælder om at støtte den unge.', 'Udeblev; kontakt genoptaget telefonisk.',
] as const;

export const ASSESSMENT_COMMENTS: Record<string, readonly string[]> = {
  convictions_rhetoric: ['Retorikken er blevet mindre kategorisk.', 'Fastholder sort-hvid verdensbillede.'],
  personality: ['Impulsiv, men reflekterende i samtalerne.'],
  violence: ['Ingen kendte voldelige episoder.', 'Tager afstand fra vold i samtaler.'],
  mental_vulnerability: ['Søvnproblemer og uro; psykiatrien er inddraget.'],
  criminal_history: ['Ikke oplyst ved første vurdering.', 'Enkelte mindre forhold.'],
  family: ['Familien støtter op om forløbet.', 'Konflikter i hjemmet.'],
  socialisation: ['Har fået nye venner uden for miljøet.', 'Fortsat kontakt til personer i miljøet.'],
  network_leisure: ['Er startet til idræt.', 'Bruger meget tid online i lukkede fora.'],
  education_employment: ['Er startet på uddannelse.', 'Har fået studiejob.', 'Fravær fra skole.'],
};

// --- prevention work (activities, surveys, the citizen forum, spending) ---------------------------------------------

/** Front-line sectors that get awareness talks, with who sits in the room (for the title). */
export const TALK_AUDIENCES = {
  school: 'lærere og skoleledere',
  social_services: 'socialrådgivere og familieafdelinger',
  club: 'klubmedarbejdere og SSP',
  housing: 'boligsociale medarbejdere',
  psychiatry: 'medarbejdere i psykiatrien',
  police: 'lokalpolitiet og SSP',
  other: 'sundhedsplejersker og jobcentre',
} as const;
export type TalkSector = keyof typeof TALK_AUDIENCES;

export const ACTIVITY_TITLES = {
  awareness_talk: ['Opmærksomhedsoplæg: tegn på radikalisering', 'Oplæg om bekymringstegn og VINKs rådgivning', 'Oplæg: fra bekymring til handling'],
  pupil_talk: ['Oplæg om radikalisering og demokratiske rettigheder', 'Klasseoplæg: propaganda, fællesskaber og demokrati', 'Oplæg i ungdomsklub om ekstremisme og dialog'],
  parent_talk: ['Forældreoplæg: når dit barn møder ekstreme holdninger', 'Forældremøde om radikalisering og sociale medier'],
  theme_day: ['Temadag: unge i ekstremistiske fællesskaber', 'Temadag om højreekstremisme online', 'Temadag: samtalen med den bekymrende unge'],
  network_meeting: ['Netværksmøde for VINK-kontaktpersoner', 'SSP-netværksmøde om radikalisering', 'Netværksmøde med boligsociale helhedsplaner'],
  conference: ['VINKs årskonference om forebyggelse af ekstremisme'],
  school_course: ['Undervisningsforløb: kritisk tænkning og propaganda', 'Undervisningsforløb: demokrati og fællesskaber', 'Undervisningsforløb: digitale fællesskaber'],
  parent_course: ['Forældrekursus: tal med dit barn om propaganda', 'Forældrekursus: negative fællesskaber og sociale medier'],
  relative_course: ['Kursus for pårørende til unge i ekstremistiske miljøer'],
  citizen_forum_meeting: ['Møde i medborgerforum'],
  hearing: ['Åbent høringsarrangement om forebyggelse i lokalområdet', 'Åben høring: unge, fællesskaber og ekstremisme'],
  mosque_network_meeting: ['Møde i moskénetværket', 'Moskénetværk: dialog om unge og propaganda'],
  outreach: ['Opsøgende dialog i risikomiljø', 'Opsøgende dialogmøde med unge i lokalområdet'],
} as const;

/** Outreach in 2020-21: the plan's milestone, a concept developed and tested in 2020 and implemented in 2021. */
export const OUTREACH_MILESTONES: Record<number, string> = {
  2020: 'Opsøgende dialog: koncept udviklet og afprøvet',
  2021: 'Opsøgende dialog: konceptet justeret og implementeret',
};

/** Citizen-forum member organisations: invented, generic names (organisations, never persons). */
export const FORUM_ORGANISATIONS = [
  ['Forældrenetværket Nørrebro', 'association'], ['Ungdomsforeningen Bispebjerg', 'association'], ['Moskéforeningen på Amager', 'religious_community'],
  ['Boligsocial helhedsplan Nordvest', 'housing'], ['Boldklubben Nordvest', 'sports'], ['Ungdomsskolen, Nørrebro afdeling', 'education'],
  ['Kulturforeningen Valby', 'association'], ['Den tværreligiøse dialoggruppe', 'religious_community'], ['Lektiecaféen Amager Øst', 'association'],
  ['Bokseklubben Amager', 'sports'], ['Frivilligcentret Østerbro', 'other'], ['Beboerrådet i Vesterbro-afdelingen', 'housing'],
  ['Moskénetværket i Nordvest', 'religious_community'], ['Nattevandrerne på Nørrebro', 'other'], ['Foreningen Unge Stemmer', 'association'],
  ['Produktionsskolen Vesterbro', 'education'], ['Idrætsforeningen Valby Ungdom', 'sports'], ['Mødrenetværket i Bispebjerg', 'association'],
  ['Sogneforeningen Brønshøj', 'religious_community'], ['Boligsocial helhedsplan Amager Vest', 'housing'], ['Elevrådsnetværket i København', 'education'],
  ['Kvindeforeningen Fællesskab', 'association'],
] as const;

/** Anonymous survey questions after a theme day and after a parent course; the first of each feeds the action plan. */
export const SURVEY_QUESTIONS = {
  theme_day: [
    { kind: 'agreement', key: 'theme_day_able_to_help', da: 'Jeg føler mig i stand til at hjælpe unge, der er udfordret af ekstremistiske fællesskaber.',
      en: 'I feel able to help young people challenged by extremist communities.' },
    { kind: 'agreement', key: null, da: 'Temadagens indhold var relevant for mit arbejde.', en: "The theme day's content was relevant to my work." },
    { kind: 'yes_no', key: null, da: 'Vil du anbefale temadagen til en kollega?', en: 'Would you recommend the theme day to a colleague?' },
  ],
  parent_course: [
    { kind: 'agreement', key: 'parent_course_better_able', da: 'Jeg føler mig bedre i stand til at støtte mit barn eller den unge.',
      en: 'I feel better able to support my child or the young person.' },
    { kind: 'yes_no', key: null, da: 'Ved du, hvor du kan søge hjælp, hvis du bliver bekymret?', en: 'Do you know where to seek help if you become worried?' },
  ],
} as const;

/** What spending entries say, by kind of budget line: costs, never people. */
export const SPENDING_TEXTS = {
  concerns: ['Løn, mentorer', 'Honorar, forældrecoaches', 'Supervision af mentorkorps', 'Løn, rådgivere', 'Tolkebistand'],
  hotline: ['Den nationale hotline, bemanding', 'Den nationale hotline, telefoni og vagtordning'],
  professionals: ['Oplæg og temadage, lokaleleje', 'Undervisningsmaterialer til oplæg', 'Konference, forplejning og lokaler', 'Eksterne oplægsholdere'],
  civil_society: ['Medborgerforum, mødeudgifter', 'Høringsarrangement, lokaler og forplejning', 'Forældrekurser, materialer', 'Moskénetværk, mødeudgifter'],
  general: ['Løn, VINK-sekretariatet', 'Husleje og drift', 'IT og telefoni', 'Kompetenceudvikling, medarbejdere', 'Løn, mentorer',
    'Undervisningsforløb i skoler, materialer', 'Opsøgende dialog, aktiviteter'],
} as const;
