import { useMutation } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import { pathTo, useRouter, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Checkbox, CheckboxGroup, ErrorSummary, RadioGroup, SelectField, TextArea } from '../../components/forms.tsx';
import { formatDate, formatDateTime, fromZonedInput, isMinor, parseDanishDate, toDanishInput, toZonedInput } from '../../components/dates.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import {
  birthDateFromCpr, CONCERN_CHANNELS, GENDERS, IDEOLOGIES, SEVERITIES, TRIAGE_HOURS, triageDeadline,
  type BehaviourIndicator, type Call, type Concern, type PersonMatch, type Severity,
} from './model.ts';
import { ConcernInput, ForwardInput, MINOR_QUESTION } from '../../../shared/intake.ts';
import { isReligionOnly, RELIGION_ONLY_MESSAGE } from '../../../shared/religion-check.ts';
import { REPORTER_SECTORS, reporterSectorOfCaller } from '../../../shared/watch.ts';
import { KnownElsewhere } from '../known-persons/KnownElsewhere.tsx';
import { HotlineDestination } from '../hotline/HotlineDestination.tsx';
import { Link } from '../../app/router.tsx';
import { useVocabulary } from '../vocabularies/useVocabulary.ts';

const REPORTER_SECTOR_REQUIRED = 'is required: the sector the reporter belongs to';

const NEW = 'new';

interface Search {
  fullName: string;
  birthDate: string;
  cpr: string;
}

/** The concern form's fields as typed: dates the Danish way, '' for "not given", the person chosen or NEW. */
const ConcernDraft = z.object({
  personChoice: z.string(), fullName: z.string(), birthDate: z.string(), cpr: z.string(), gender: z.string(), district: z.string(),
  behaviourIndicators: z.array(z.string()), behaviourDescription: z.string(), severity: z.string(), ideologyArea: z.string(),
  channel: z.string(), receivedAt: z.string(), minor: z.string(), religionOnlyOverride: z.string(),
  anonymous: z.boolean(), reporterName: z.string(), reporterContact: z.string(), reporterOrganisation: z.string(), reporterSector: z.string(),
  category: z.string(), online: z.boolean(), onlinePlatform: z.string(), returnee: z.boolean(),
});
type ConcernDraft = z.infer<typeof ConcernDraft>;

/** What was typed, as the request body: empty fields left out, dates as ISO (or as typed, for the contract to refuse). */
function concernBody(d: ConcernDraft, forwarding: boolean): Record<string, unknown> {
  const given = (v: string) => v.trim() !== '';
  const birthDate = given(d.birthDate) ? (parseDanishDate(d.birthDate) ?? d.birthDate.trim()) : null;
  // The reporter's sector feeds the bias watch; an anonymous reporter of unknown sector is 'anonymous' on the server.
  const sector = given(d.reporterSector) ? { sector: d.reporterSector } : {};
  const reporter = d.anonymous
    ? { anonymous: true, ...sector, ...(given(d.reporterOrganisation) ? { organisation: d.reporterOrganisation } : {}) }
    : {
        anonymous: false,
        ...sector,
        ...(given(d.reporterName) ? { name: d.reporterName } : {}),
        ...(given(d.reporterContact) ? { contact: d.reporterContact } : {}),
        ...(given(d.reporterOrganisation) ? { organisation: d.reporterOrganisation } : {}),
      };
  return {
    reporter,
    ...(d.personChoice === NEW
      ? {
          person: {
            fullName: d.fullName,
            ...(given(d.cpr) ? { cpr: d.cpr.trim() } : {}),
            // A CPR number gives the birth date itself.
            ...(birthDate && !given(d.cpr) ? { birthDate } : {}),
            ...(d.gender !== 'unknown' ? { gender: d.gender } : {}),
            ...(given(d.district) ? { district: d.district } : {}),
          },
        }
      : { personId: d.personChoice }),
    ideologyArea: d.ideologyArea,
    // The 2020-21 plan's values (docs/domain.md, "Vocabularies"): left out when not given.
    ...(given(d.category) ? { category: d.category } : {}),
    ...(d.online ? { online: true, ...(given(d.onlinePlatform) ? { onlinePlatform: d.onlinePlatform } : {}) } : {}),
    ...(d.returnee ? { returnee: true } : {}),
    severity: d.severity,
    behaviourIndicators: d.behaviourIndicators,
    behaviourDescription: d.behaviourDescription,
    ...(given(d.religionOnlyOverride) ? { religionOnlyOverride: d.religionOnlyOverride } : {}),
    // Asked when no birth date is known (the server ignores it when one is).
    ...(d.minor ? { minor: d.minor } : {}),
    // A forwarded call is received when the call was.
    ...(forwarding ? {} : { channel: d.channel, receivedAt: fromZonedInput(d.receivedAt) ?? d.receivedAt }),
  };
}

/**
 * The concern form checked with the server's contract: ConcernInput, or ForwardInput when a call is forwarded. So the
 * browser refuses, field by field, what the server would: no behaviour, too short a description, a malformed CPR.
 */
/**
 * The server's checks beyond the contract, with the same shared functions: a new person without a birth date (or CPR
 * number) needs the minor question answered; a description that names only religious practice, appearance or belief
 * needs the concrete behaviour, or a stated reason to save it as it is (src/shared/religion-check.ts).
 */
function intakeRules(v: z.output<typeof ForwardInput>, ctx: z.RefinementCtx) {
  if (v.person && !v.person.birthDate && !v.person.cpr && !v.minor) ctx.addIssue({ code: 'custom', path: ['minor'], message: MINOR_QUESTION });
  if (!v.reporter.anonymous && !v.reporter.sector) ctx.addIssue({ code: 'custom', path: ['reporter', 'sector'], message: REPORTER_SECTOR_REQUIRED });
  if (isReligionOnly(v.behaviourDescription) && !v.religionOnlyOverride) {
    ctx.addIssue({ code: 'custom', path: ['behaviourDescription'], message: RELIGION_ONLY_MESSAGE });
  }
}
const DirectConcern = ConcernDraft.transform((d) => concernBody(d, false)).pipe(ConcernInput).superRefine(intakeRules);
const ForwardedConcern = ConcernDraft.transform((d) => concernBody(d, true)).pipe(ForwardInput).superRefine(intakeRules);

/**
 * Concern intake (bekymringshenvendelse), directly (/henvendelser/ny) or forwarding a call (/opkald/:id/videresend).
 * Search before create: the person is looked up first (POST, never in the URL; matches show initials and a masked
 * CPR number), and only then is the concern form shown. Behaviour is required: a concern can never rest on faith or
 * opinion alone. The severity shows the triage deadline it sets at once; a minor shows the social-services duty.
 */
export function IntakePage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const { navigate } = useRouter();
  const callId = params.id ?? null;
  const call = useResource<Call>(callId ? pathTo('/api/v1/calls/:id', { id: callId }) : null);
  const indicators = useResource<BehaviourIndicator[]>('/api/v1/behaviour-indicators');
  // Vocabularies kept by the administrator (docs/domain.md, "Vocabularies"): the form offers their active entries.
  const categories = useVocabulary('category');
  const platforms = useVocabulary('online_platform');
  const sectors = useVocabulary('reporter_sector', 'bias.sector');
  const openedAt = useRef(new Date());

  const [search, setSearch] = useState<Search>({ fullName: '', birthDate: '', cpr: '' });
  const [matches, setMatches] = useState<PersonMatch[] | null>(null);
  const [searchedCpr, setSearchedCpr] = useState('');
  // The matches are personal data: they live in this page's state only, never in the query cache.
  const lookUp = useMutation({ mutationFn: async (body: object) => (await apiPost<PersonMatch[]>('/api/v1/persons/matches', body)).body });
  const searchErrors = useFormErrors();
  const nameRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const [focusResults, setFocusResults] = useState(0);
  useEffect(() => {
    if (focusResults > 0) resultsRef.current?.focus();
  }, [focusResults]);

  const concernForm = useForm<ConcernDraft, unknown, z.output<typeof DirectConcern> | z.output<typeof ForwardedConcern>>({
    resolver: zodResolver(callId ? ForwardedConcern : DirectConcern),
    defaultValues: {
      personChoice: NEW, fullName: '', birthDate: '', cpr: '', gender: 'unknown', district: '',
      behaviourIndicators: [], behaviourDescription: '', severity: 'medium', ideologyArea: 'other_unclear',
      channel: 'professional', receivedAt: toZonedInput(openedAt.current), minor: '', religionOnlyOverride: '',
      anonymous: false, reporterName: '', reporterContact: '', reporterOrganisation: '', reporterSector: '',
      category: '', online: false, onlinePlatform: '', returnee: false,
    },
    shouldFocusError: false,
  });
  const draft = concernForm.watch();
  const set = (patch: Partial<ConcernDraft>) => {
    for (const [k, v] of Object.entries(patch)) concernForm.setValue(k as keyof ConcernDraft, v as never);
  };
  const send = useMutation({
    mutationFn: async (body: object) =>
      (await apiPost<Concern>(callId ? pathTo('/api/v1/calls/:id/forward', { id: callId }) : '/api/v1/concerns', body)).body,
  });
  const form = useFormErrors();
  // A shared-hotline call about a citizen of another municipality may become a concern in that unit (docs/domain.md,
  // "The shared hotline"): the person is then always registered anew there, with the legal basis for passing it on.
  const hotlineCode = call.data?.channel === 'national_hotline' && !call.data.concernId ? call.data.citizenMunicipality : null;
  const [across, setAcross] = useState(false);
  const [legalBasis, setLegalBasis] = useState('');
  const [sentAcross, setSentAcross] = useState(false);
  const acrossOn = hotlineCode !== null && across;
  const sendAcross = useMutation({
    mutationFn: async (body: object) => (await apiPost<Call>(pathTo('/api/v1/calls/:id/hotline-forward', { id: callId! }), body)).body,
  });

  // During a call, the adviser starts typing the person's name at once.
  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  // A forwarded call brings its ideology area and whether the caller was anonymous.
  useEffect(() => {
    const c = call.data;
    if (!c) return;
    if (c.ideologyArea !== 'none') concernForm.setValue('ideologyArea', c.ideologyArea);
    concernForm.setValue('anonymous', c.callerType === 'anonymous');
    concernForm.setValue('reporterSector', reporterSectorOfCaller(c.callerType, c.callerSector) ?? '');
  }, [call.data]);

  const searchFields: FieldMap = {
    fullName: { target: 'search-name', message: t('intake.errors.searchName') },
    cpr: { target: 'search-cpr', message: t('intake.errors.cpr') },
    birthDate: { target: 'search-birth', message: t('intake.errors.birthDate') },
  };

  async function runSearch(event: FormEvent) {
    event.preventDefault();
    if (lookUp.isPending) return;
    const birthDate = search.birthDate.trim() ? parseDanishDate(search.birthDate) : null;
    const problems = [
      !search.cpr.trim() && search.fullName.trim().length < 2 && searchFields.fullName!,
      search.cpr.trim() && !birthDateFromCpr(search.cpr) && searchFields.cpr!,
      search.birthDate.trim() && !birthDate && searchFields.birthDate!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!searchErrors.check(problems)) return;
    try {
      const body = await lookUp.mutateAsync({
        ...(search.fullName.trim().length >= 2 ? { fullName: search.fullName.trim() } : {}),
        ...(search.cpr.trim() ? { cpr: search.cpr.trim() } : {}),
        ...(birthDate ? { birthDate } : {}),
      });
      setMatches(body);
      setSearchedCpr(search.cpr.trim());
      set({
        personChoice: NEW,
        fullName: search.fullName.trim(),
        cpr: search.cpr.trim(),
        birthDate: birthDate ? toDanishInput(birthDate) : search.cpr.trim() ? toDanishInput(birthDateFromCpr(search.cpr)) : '',
      });
      // The heading appears with the results: focus it once React has committed it (D20), not in the next frame.
      setFocusResults((n) => n + 1);
    } catch (error) {
      searchErrors.fromError(error, searchFields, t);
    }
  }

  const chosen = matches?.find((m) => m.personId === draft.personChoice) ?? null;
  const birthIso = chosen ? chosen.birthDate : parseDanishDate(draft.birthDate) ?? birthDateFromCpr(draft.cpr);
  // A registration outside the adviser's reach shows no birth date; the server says whether the person is a minor.
  const minor = chosen && !chosen.visible ? chosen.minor : birthIso ? isMinor(birthIso) : draft.minor === 'yes' || draft.minor === 'unknown';
  // An unknown birth date is asked, never assumed adult (barnets lov § 133).
  const askMinor = !birthIso && !(chosen && !chosen.visible && chosen.minor);
  const religionOnly = isReligionOnly(draft.behaviourDescription);
  const receivedIso = call.data ? call.data.receivedAt : fromZonedInput(draft.receivedAt);
  const deadline = receivedIso ? triageDeadline(draft.severity as Severity, new Date(receivedIso)) : null;

  // In the form's order; the server's own field names for a new person (cpr, birthDate) too.
  const fields: FieldMap = {
    personId: { target: 'person-choice-new', message: t('intake.errors.person') },
    'person.fullName': { target: 'person-name', message: t('intake.errors.fullName') },
    fullName: { target: 'person-name', message: t('intake.errors.fullName') },
    'person.birthDate': { target: 'person-birth', message: t('intake.errors.birthDate') },
    birthDate: { target: 'person-birth', message: t('intake.errors.birthDate') },
    'person.cpr': { target: 'person-cpr', message: t('intake.errors.cpr') },
    cpr: { target: 'person-cpr', message: t('intake.errors.cpr') },
    behaviourIndicators: { target: `behaviour-${indicators.data?.[0]?.code ?? ''}`, message: t('intake.errors.behaviourIndicators') },
    minor: { target: 'person-minor-yes', message: t('intake.errors.minor') },
    behaviourDescription: {
      target: 'behaviour-description',
      message: religionOnly && !draft.religionOnlyOverride.trim() ? t('intake.errors.religionOnly') : t('intake.errors.behaviourDescription'),
    },
    religionOnlyOverride: { target: 'religion-override', message: t('intake.errors.religionOnlyOverride') },
    severity: { target: 'severity-acute', message: t('intake.errors.severity') },
    ideologyArea: { target: 'concern-ideology', message: t('intake.errors.ideologyArea') },
    channel: { target: 'concern-channel', message: t('intake.errors.channel') },
    receivedAt: { target: 'concern-received', message: t('intake.errors.receivedAt') },
    'reporter.name': { target: 'reporter-name', message: t('intake.errors.reporterName') },
    'reporter.contact': { target: 'reporter-contact', message: t('intake.errors.reporterContact') },
    'reporter.organisation': { target: 'reporter-organisation', message: t('intake.errors.reporterOrganisation') },
    'reporter.sector': { target: 'reporter-sector', message: t('bias.errors.reporterSector') },
    legalBasis: { target: 'hotline-legal-basis', message: t('hotlineWeb.errors.legalBasis') },
    citizenMunicipality: { target: 'hotline-across-yes', message: t('hotlineWeb.errors.across') },
    category: { target: 'concern-category', message: t('vocabularies.intake.categoryHint') },
    onlinePlatform: { target: 'concern-platform', message: t('vocabularies.intake.platformHint') },
  };

  const submit = concernForm.handleSubmit(
    async (body) => {
      if (send.isPending || sendAcross.isPending) return;
      if (acrossOn) {
        if (!form.check(legalBasis.trim().length < 3 ? [fields.legalBasis!] : [])) return;
        try {
          await sendAcross.mutateAsync({ ...body, legalBasis: legalBasis.trim() });
          setSentAcross(true);
        } catch (error) {
          form.fromError(error, fields, t);
        }
        return;
      }
      form.check([]);
      try {
        const concern = await send.mutateAsync(body);
        navigate(pathTo('/henvendelser/:id', { id: concern.id }));
      } catch (error) {
        const existing = error instanceof ApiError ? (error.problem as { existingPersonId?: string }).existingPersonId : undefined;
        if (existing) {
          // The CPR number belongs to a person already registered: link the concern to that record instead.
          // The id may be an opaque handle (a registration outside the adviser's reach): nothing about it is shown.
          setMatches((m) => [...(m ?? []), {
            personId: existing, registered: true, visible: false, nameMasked: null, birthDate: null, cprMasked: null, score: null, matchedOn: 'cpr',
            minor: isMinor(birthIso),
          }]);
          set({ personChoice: existing });
          form.check([{ target: `person-choice-${existing}`, message: t('intake.errors.duplicateCpr') }]);
        } else {
          form.fromError(error, fields, t);
        }
      }
    },
    (invalid) => form.fromInvalid(invalid, fields, t),
  );

  const lang = i18n.language === 'en' ? 'en' : 'da';
  const indicatorOptions = (indicators.data ?? [])
    .slice()
    .sort((a, b) => a.position - b.position)
    .map((i) => ({ value: i.code, label: lang === 'en' ? i.labelEn : i.labelDa }));
  const opt = (group: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`vocab.${group}.${v}`) }));

  return (
    <>
      <PageHeading takeFocus={false}>{t(callId ? 'intake.forwardHeading' : 'intake.heading')}</PageHeading>
      <p className="font-lead">{t('intake.intro')}</p>
      {call.data && (
        <p>{t('intake.fromCall', { at: formatDateTime(call.data.receivedAt), topic: call.data.topic })}</p>
      )}
      <LiveRegion assertive>
        {Boolean(call.error || indicators.error) && <Alert variant="error">{t(generalErrorKey(call.error ?? indicators.error))}</Alert>}
      </LiveRegion>

      <h2>{t('intake.step1')}</h2>
      <p>{t('intake.searchIntro')}</p>
      <ErrorSummary errors={searchErrors.errors} attempt={searchErrors.attempt} />
      <LiveRegion assertive>{searchErrors.formError && <Alert variant="error">{searchErrors.formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={runSearch} className="vink-form" aria-busy={lookUp.isPending} aria-label={t('intake.step1')}>
        <TextField
          id="search-name"
          label={t('intake.fullName')}
          autoComplete="off"
          value={search.fullName}
          onChange={(e) => setSearch({ ...search, fullName: e.target.value })}
          error={searchErrors.errorFor('search-name')}
          ref={nameRef}
        />
        <TextField
          id="search-birth"
          label={t('intake.birthDate')}
          hint={t('intake.birthDateHint')}
          autoComplete="off"
          inputClassName="input-width-s"
          value={search.birthDate}
          onChange={(e) => setSearch({ ...search, birthDate: e.target.value })}
          error={searchErrors.errorFor('search-birth')}
        />
        <TextField
          id="search-cpr"
          label={t('intake.cpr')}
          hint={t('intake.cprHint')}
          autoComplete="off"
          inputMode="numeric"
          inputClassName="input-width-s"
          value={search.cpr}
          onChange={(e) => setSearch({ ...search, cpr: e.target.value })}
          error={searchErrors.errorFor('search-cpr')}
        />
        <button type="submit" className="button button-secondary">
          {t('intake.search')}
        </button>
      </form>

      {sentAcross && (
        <LiveRegion>
          <Alert variant="success">{t('hotlineWeb.sentAcross')}</Alert>
          <p><Link to="/opkald">{t('hotlineWeb.backToCalls')}</Link></p>
        </LiveRegion>
      )}
      {matches && !sentAcross && (
        <>
          <h2 ref={resultsRef} tabIndex={-1} className="vink-focus-heading">
            {t('intake.step2')}
          </h2>
          <p role="status">{matches.length ? t('intake.matchesFound', { count: matches.length }) : t('intake.noMatches')}</p>
          {/* Across units, with the CPR number searched for (docs/domain.md, "Already known elsewhere"). */}
          {birthDateFromCpr(searchedCpr) && <KnownElsewhere key={searchedCpr} cpr={searchedCpr} />}
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>
            {form.formError && <Alert variant="error">{form.formError}</Alert>}
            {form.conflict && <Alert variant="error">{t('errors.conflict')}</Alert>}
          </LiveRegion>
          <form noValidate onSubmit={submit} className="vink-form" aria-busy={send.isPending} aria-label={t('intake.step2')}>
            {hotlineCode && (
              <HotlineDestination code={hotlineCode} across={across} legalBasis={legalBasis} onLegalBasis={setLegalBasis}
                error={form.errorFor('hotline-legal-basis') ?? null} acrossError={form.errorFor('hotline-across-yes') ?? null}
                onAcross={(v) => {
                  setAcross(v);
                  if (v) set({ personChoice: NEW });
                }} />
            )}
            {!acrossOn && <RadioGroup
              id="person-choice"
              name="personChoice"
              legend={t('intake.person')}
              value={draft.personChoice}
              onChange={(v) => set({ personChoice: v })}
              error={form.errorFor('person-choice-new')}
              options={[
                ...matches.map((m) => ({
                  value: m.personId,
                  label: m.visible
                    ? t('intake.matchLabel', {
                      name: m.nameMasked,
                      born: m.birthDate ? formatDate(m.birthDate) : t('intake.unknown'),
                      cpr: m.cprMasked ?? t('intake.noCpr'),
                    })
                    : t('intake.matchHidden'),
                  hint: t(`intake.matchedOn.${m.matchedOn}`),
                })),
                { value: NEW, label: t('intake.createNew') },
              ]}
            />}
            {draft.personChoice === NEW && (
              <fieldset className="vink-subgroup">
                <legend className="h4">{t('intake.newPerson')}</legend>
                <TextField id="person-name" label={t('intake.fullName')} autoComplete="off" {...concernForm.register('fullName')} error={form.errorFor('person-name')} />
                <TextField id="person-birth" label={t('intake.birthDate')} hint={t('intake.birthDateHint')} autoComplete="off"
                  inputClassName="input-width-s" {...concernForm.register('birthDate')}
                  error={form.errorFor('person-birth')} />
                <TextField id="person-cpr" label={t('intake.cpr')} hint={t('intake.cprHint')} autoComplete="off" inputMode="numeric"
                  inputClassName="input-width-s" {...concernForm.register('cpr')}
                  error={form.errorFor('person-cpr')} />
                <SelectField id="person-gender" label={t('intake.gender')} {...concernForm.register('gender')} options={opt('gender', GENDERS)} />
                <TextField id="person-district" label={t('intake.district')} hint={t('calls.optional')} autoComplete="off"
                  {...concernForm.register('district')} />
              </fieldset>
            )}
            {askMinor && (
              <RadioGroup
                id="person-minor"
                name="minor"
                legend={t('intake.minorQuestion')}
                hint={t('intake.minorQuestionHint')}
                value={draft.minor}
                onChange={(v) => set({ minor: v })}
                options={(['yes', 'no', 'unknown'] as const).map((v) => ({ value: v, label: t(`intake.minorAnswer.${v}`) }))}
                error={form.errorFor('person-minor-yes')}
              />
            )}
            {minor && (
              <Alert variant="warning">
                <strong>{t('intake.minorHeading')}</strong> {t('intake.minorDuty')}
              </Alert>
            )}

            <CheckboxGroup
              id="behaviour"
              name="behaviourIndicators"
              legend={t('intake.behaviour')}
              hint={t('intake.behaviourHint')}
              value={draft.behaviourIndicators}
              onChange={(v) => set({ behaviourIndicators: v })}
              options={indicatorOptions}
              error={form.errorFor(fields.behaviourIndicators!.target)}
            />
            <TextArea
              id="behaviour-description"
              label={t('intake.description')}
              hint={t('intake.descriptionHint')}
              {...concernForm.register('behaviourDescription')}
              maxLength={5000}
              error={form.errorFor('behaviour-description')}
            />
            {religionOnly && (
              <>
                <Alert variant="warning">{t('intake.religionOnly')}</Alert>
                <TextArea
                  id="religion-override"
                  label={t('intake.religionOverride')}
                  hint={t('intake.religionOverrideHint')}
                  {...concernForm.register('religionOnlyOverride')}
                  maxLength={1000}
                  error={form.errorFor('religion-override')}
                />
              </>
            )}

            <RadioGroup
              id="severity"
              name="severity"
              legend={t('intake.severity')}
              value={draft.severity}
              onChange={(v) => set({ severity: v })}
              options={SEVERITIES.map((s) => ({
                value: s,
                label: t(`vocab.severity.${s}`),
                hint: s === 'acute' ? t('intake.acuteHint') : t('intake.hoursHint', { hours: TRIAGE_HOURS[s] }),
              }))}
              error={form.errorFor('severity-acute')}
            />
            <div className="vink-deadline" role="status">
              {deadline &&
                (draft.severity === 'acute' ? (
                  <Alert variant="warning">{t('intake.acuteNow')}</Alert>
                ) : (
                  <p>
                    <strong>{t('intake.deadline', { at: formatDateTime(deadline), hours: TRIAGE_HOURS[draft.severity as Severity] })}</strong>
                  </p>
                ))}
            </div>

            <SelectField id="concern-ideology" label={t('intake.ideologyArea')} {...concernForm.register('ideologyArea')} options={opt('ideology', IDEOLOGIES)}
              error={form.errorFor('concern-ideology')} />
            <SelectField id="concern-category" label={t('vocabularies.intake.category')} hint={t('vocabularies.intake.categoryHint')}
              {...concernForm.register('category')} options={[{ value: '', label: t('vocabularies.intake.noCategory') }, ...categories.options]}
              error={form.errorFor('concern-category')} />
            <Checkbox id="concern-online" label={t('vocabularies.intake.online')} checked={draft.online} onChange={(online) => set({ online })} />
            {draft.online && (
              <SelectField id="concern-platform" label={t('vocabularies.intake.platform')} hint={t('vocabularies.intake.platformHint')}
                {...concernForm.register('onlinePlatform')} options={[{ value: '', label: t('vocabularies.intake.noPlatform') }, ...platforms.options]}
                error={form.errorFor('concern-platform')} />
            )}
            <Checkbox id="concern-returnee" label={t('vocabularies.intake.returnee')} hint={t('vocabularies.intake.returneeHint')}
              checked={draft.returnee} onChange={(returnee) => set({ returnee })} />

            {!callId && (
              <>
                <SelectField id="concern-channel" label={t('intake.channel')} {...concernForm.register('channel')} options={opt('concernChannel', CONCERN_CHANNELS)}
                  error={form.errorFor('concern-channel')} />
                <TextField id="concern-received" type="datetime-local" label={t('intake.receivedAt')} {...concernForm.register('receivedAt')} error={form.errorFor('concern-received')} />
              </>
            )}

            <fieldset className="vink-subgroup">
              <legend className="h4">{t('intake.reporter')}</legend>
              <Checkbox id="reporter-anonymous" label={t('intake.anonymous')} hint={t('intake.anonymousHint')}
                checked={draft.anonymous} onChange={(anonymous) => set({ anonymous })} />
              {!draft.anonymous && (
                <>
                  <TextField id="reporter-name" label={t('intake.reporterName')} hint={t('calls.optional')} autoComplete="off"
                    {...concernForm.register('reporterName')} error={form.errorFor('reporter-name')} />
                  <TextField id="reporter-contact" label={t('intake.reporterContact')} hint={t('calls.optional')} autoComplete="off"
                    {...concernForm.register('reporterContact')} error={form.errorFor('reporter-contact')} />
                </>
              )}
              <TextField id="reporter-organisation" label={t('intake.reporterOrganisation')} hint={t('calls.optional')} autoComplete="off"
                {...concernForm.register('reporterOrganisation')}
                error={form.errorFor('reporter-organisation')} />
              <SelectField id="reporter-sector" label={t('bias.reporterSector')} hint={t('bias.reporterSectorHint')} {...concernForm.register('reporterSector')}
                options={[{ value: '', label: t('bias.chooseSector') },
                  // The installed sectors until the vocabulary has answered, so a sector taken from the call is never lost.
                  ...(sectors.loaded ? sectors.options : REPORTER_SECTORS.map((v) => ({ value: v, label: t(`bias.sector.${v}`) })))]}
                error={form.errorFor('reporter-sector')} />
            </fieldset>

            <button type="submit" className="button button-primary">
              {t('intake.submit')}
            </button>
          </form>
        </>
      )}
    </>
  );
}
