import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
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

const NEW = 'new';

interface Search {
  fullName: string;
  birthDate: string;
  cpr: string;
}

interface Draft {
  /** A matched person's id, or NEW. */
  personChoice: string;
  fullName: string;
  birthDate: string;
  cpr: string;
  gender: string;
  district: string;
  behaviourIndicators: string[];
  behaviourDescription: string;
  severity: Severity;
  ideologyArea: string;
  channel: string;
  receivedAt: string;
  anonymous: boolean;
  reporterName: string;
  reporterContact: string;
  reporterOrganisation: string;
}

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
  const openedAt = useRef(new Date());

  const [search, setSearch] = useState<Search>({ fullName: '', birthDate: '', cpr: '' });
  const [matches, setMatches] = useState<PersonMatch[] | null>(null);
  // The matches are personal data: they live in this page's state only, never in the query cache.
  const lookUp = useMutation({ mutationFn: async (body: object) => (await apiPost<PersonMatch[]>('/api/v1/persons/matches', body)).body });
  const searchErrors = useFormErrors();
  const nameRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);

  const [draft, setDraft] = useState<Draft>({
    personChoice: NEW, fullName: '', birthDate: '', cpr: '', gender: 'unknown', district: '',
    behaviourIndicators: [], behaviourDescription: '', severity: 'medium', ideologyArea: 'other_unclear',
    channel: 'professional', receivedAt: toZonedInput(openedAt.current),
    anonymous: false, reporterName: '', reporterContact: '', reporterOrganisation: '',
  });
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const register = useMutation({
    mutationFn: async (body: object) =>
      (await apiPost<Concern>(callId ? pathTo('/api/v1/calls/:id/forward', { id: callId }) : '/api/v1/concerns', body)).body,
  });
  const form = useFormErrors();

  // During a call, the adviser starts typing the person's name at once.
  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  // A forwarded call brings its ideology area and whether the caller was anonymous.
  useEffect(() => {
    const c = call.data;
    if (!c) return;
    setDraft((d) => ({
      ...d,
      ideologyArea: c.ideologyArea !== 'none' ? c.ideologyArea : d.ideologyArea,
      anonymous: c.callerType === 'anonymous',
    }));
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
      set({
        personChoice: NEW,
        fullName: search.fullName.trim(),
        cpr: search.cpr.trim(),
        birthDate: birthDate ? toDanishInput(birthDate) : search.cpr.trim() ? toDanishInput(birthDateFromCpr(search.cpr)) : '',
      });
      requestAnimationFrame(() => resultsRef.current?.focus());
    } catch (error) {
      searchErrors.fromError(error, searchFields, t);
    }
  }

  const chosen = matches?.find((m) => m.personId === draft.personChoice) ?? null;
  const birthIso = chosen ? chosen.birthDate : parseDanishDate(draft.birthDate) ?? birthDateFromCpr(draft.cpr);
  const minor = isMinor(birthIso);
  const receivedIso = call.data ? call.data.receivedAt : fromZonedInput(draft.receivedAt);
  const deadline = receivedIso ? triageDeadline(draft.severity, new Date(receivedIso)) : null;

  const fields: FieldMap = {
    personId: { target: 'person-choice-new', message: t('intake.errors.person') },
    'person.fullName': { target: 'person-name', message: t('intake.errors.fullName') },
    fullName: { target: 'person-name', message: t('intake.errors.fullName') },
    'person.cpr': { target: 'person-cpr', message: t('intake.errors.cpr') },
    cpr: { target: 'person-cpr', message: t('intake.errors.cpr') },
    'person.birthDate': { target: 'person-birth', message: t('intake.errors.birthDate') },
    birthDate: { target: 'person-birth', message: t('intake.errors.birthDate') },
    behaviourIndicators: { target: `behaviour-${indicators.data?.[0]?.code ?? ''}`, message: t('intake.errors.behaviourIndicators') },
    behaviourDescription: { target: 'behaviour-description', message: t('intake.errors.behaviourDescription') },
    severity: { target: 'severity-acute', message: t('intake.errors.severity') },
    ideologyArea: { target: 'concern-ideology', message: t('intake.errors.ideologyArea') },
    receivedAt: { target: 'concern-received', message: t('intake.errors.receivedAt') },
    channel: { target: 'concern-channel', message: t('intake.errors.channel') },
    'reporter.name': { target: 'reporter-name', message: t('intake.errors.reporterName') },
    'reporter.contact': { target: 'reporter-contact', message: t('intake.errors.reporterContact') },
    'reporter.organisation': { target: 'reporter-organisation', message: t('intake.errors.reporterOrganisation') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (register.isPending) return;
    const isNew = draft.personChoice === NEW;
    const birthDate = draft.birthDate.trim() ? parseDanishDate(draft.birthDate) : null;
    const problems = [
      isNew && !draft.fullName.trim() && fields.fullName!,
      isNew && draft.cpr.trim() && !birthDateFromCpr(draft.cpr) && fields.cpr!,
      isNew && draft.birthDate.trim() && !birthDate && fields.birthDate!,
      draft.behaviourIndicators.length === 0 && fields.behaviourIndicators!,
      draft.behaviourDescription.trim().length < 10 && fields.behaviourDescription!,
      !callId && !receivedIso && fields.receivedAt!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    const reporter = draft.anonymous
      ? { anonymous: true, ...(draft.reporterOrganisation.trim() ? { organisation: draft.reporterOrganisation.trim() } : {}) }
      : {
          anonymous: false,
          ...(draft.reporterName.trim() ? { name: draft.reporterName.trim() } : {}),
          ...(draft.reporterContact.trim() ? { contact: draft.reporterContact.trim() } : {}),
          ...(draft.reporterOrganisation.trim() ? { organisation: draft.reporterOrganisation.trim() } : {}),
        };
    const body = {
      reporter,
      ...(isNew
        ? {
            person: {
              fullName: draft.fullName.trim(),
              ...(draft.cpr.trim() ? { cpr: draft.cpr.trim() } : {}),
              ...(birthDate && !draft.cpr.trim() ? { birthDate } : {}),
              ...(draft.gender !== 'unknown' ? { gender: draft.gender } : {}),
              ...(draft.district.trim() ? { district: draft.district.trim() } : {}),
            },
          }
        : { personId: draft.personChoice }),
      ideologyArea: draft.ideologyArea,
      severity: draft.severity,
      behaviourIndicators: draft.behaviourIndicators,
      behaviourDescription: draft.behaviourDescription.trim(),
    };
    try {
      const concern = await register.mutateAsync(callId ? body : { ...body, channel: draft.channel, receivedAt: receivedIso });
      navigate(pathTo('/henvendelser/:id', { id: concern.id }));
    } catch (error) {
      const existing = error instanceof ApiError ? (error.problem as { existingPersonId?: string }).existingPersonId : undefined;
      if (existing) {
        // The CPR number belongs to a person already registered: link the concern to that record instead.
        setMatches((m) => [...(m ?? []), { personId: existing, nameMasked: '—', birthDate: birthIso, cprMasked: draft.cpr.slice(0, 6) + '-XXXX', score: 1, matchedOn: 'cpr' }]);
        set({ personChoice: existing });
        form.check([{ target: `person-choice-${existing}`, message: t('intake.errors.duplicateCpr') }]);
      } else {
        form.fromError(error, fields, t);
      }
    }
  }

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

      {matches && (
        <>
          <h2 ref={resultsRef} tabIndex={-1} className="vink-focus-heading">
            {t('intake.step2')}
          </h2>
          <p role="status">{matches.length ? t('intake.matchesFound', { count: matches.length }) : t('intake.noMatches')}</p>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>
            {form.formError && <Alert variant="error">{form.formError}</Alert>}
            {form.conflict && <Alert variant="error">{t('errors.conflict')}</Alert>}
          </LiveRegion>
          <form noValidate onSubmit={submit} className="vink-form" aria-busy={register.isPending} aria-label={t('intake.step2')}>
            <RadioGroup
              id="person-choice"
              name="personChoice"
              legend={t('intake.person')}
              value={draft.personChoice}
              onChange={(v) => set({ personChoice: v })}
              error={form.errorFor('person-choice-new')}
              options={[
                ...matches.map((m) => ({
                  value: m.personId,
                  label: t('intake.matchLabel', {
                    name: m.nameMasked,
                    born: m.birthDate ? formatDate(m.birthDate) : t('intake.unknown'),
                    cpr: m.cprMasked ?? t('intake.noCpr'),
                  }),
                  hint: t(`intake.matchedOn.${m.matchedOn}`),
                })),
                { value: NEW, label: t('intake.createNew') },
              ]}
            />
            {draft.personChoice === NEW && (
              <fieldset className="vink-subgroup">
                <legend className="h4">{t('intake.newPerson')}</legend>
                <TextField id="person-name" label={t('intake.fullName')} autoComplete="off" value={draft.fullName}
                  onChange={(e) => set({ fullName: e.target.value })} error={form.errorFor('person-name')} />
                <TextField id="person-birth" label={t('intake.birthDate')} hint={t('intake.birthDateHint')} autoComplete="off"
                  inputClassName="input-width-s" value={draft.birthDate} onChange={(e) => set({ birthDate: e.target.value })}
                  error={form.errorFor('person-birth')} />
                <TextField id="person-cpr" label={t('intake.cpr')} hint={t('intake.cprHint')} autoComplete="off" inputMode="numeric"
                  inputClassName="input-width-s" value={draft.cpr} onChange={(e) => set({ cpr: e.target.value })}
                  error={form.errorFor('person-cpr')} />
                <SelectField id="person-gender" label={t('intake.gender')} value={draft.gender}
                  onChange={(e) => set({ gender: e.target.value })} options={opt('gender', GENDERS)} />
                <TextField id="person-district" label={t('intake.district')} hint={t('calls.optional')} autoComplete="off"
                  value={draft.district} onChange={(e) => set({ district: e.target.value })} />
              </fieldset>
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
              value={draft.behaviourDescription}
              onChange={(e) => set({ behaviourDescription: e.target.value })}
              maxLength={5000}
              error={form.errorFor('behaviour-description')}
            />

            <RadioGroup
              id="severity"
              name="severity"
              legend={t('intake.severity')}
              value={draft.severity}
              onChange={(v) => set({ severity: v as Severity })}
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
                    <strong>{t('intake.deadline', { at: formatDateTime(deadline), hours: TRIAGE_HOURS[draft.severity] })}</strong>
                  </p>
                ))}
            </div>

            <SelectField id="concern-ideology" label={t('intake.ideologyArea')} value={draft.ideologyArea}
              onChange={(e) => set({ ideologyArea: e.target.value })} options={opt('ideology', IDEOLOGIES)}
              error={form.errorFor('concern-ideology')} />

            {!callId && (
              <>
                <SelectField id="concern-channel" label={t('intake.channel')} value={draft.channel}
                  onChange={(e) => set({ channel: e.target.value })} options={opt('concernChannel', CONCERN_CHANNELS)}
                  error={form.errorFor('concern-channel')} />
                <TextField id="concern-received" type="datetime-local" label={t('intake.receivedAt')} value={draft.receivedAt}
                  onChange={(e) => set({ receivedAt: e.target.value })} error={form.errorFor('concern-received')} />
              </>
            )}

            <fieldset className="vink-subgroup">
              <legend className="h4">{t('intake.reporter')}</legend>
              <Checkbox id="reporter-anonymous" label={t('intake.anonymous')} hint={t('intake.anonymousHint')}
                checked={draft.anonymous} onChange={(anonymous) => set({ anonymous })} />
              {!draft.anonymous && (
                <>
                  <TextField id="reporter-name" label={t('intake.reporterName')} hint={t('calls.optional')} autoComplete="off"
                    value={draft.reporterName} onChange={(e) => set({ reporterName: e.target.value })} error={form.errorFor('reporter-name')} />
                  <TextField id="reporter-contact" label={t('intake.reporterContact')} hint={t('calls.optional')} autoComplete="off"
                    value={draft.reporterContact} onChange={(e) => set({ reporterContact: e.target.value })} error={form.errorFor('reporter-contact')} />
                </>
              )}
              <TextField id="reporter-organisation" label={t('intake.reporterOrganisation')} hint={t('calls.optional')} autoComplete="off"
                value={draft.reporterOrganisation} onChange={(e) => set({ reporterOrganisation: e.target.value })}
                error={form.errorFor('reporter-organisation')} />
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
