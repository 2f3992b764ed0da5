import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useRouter, type PageProps } from '../../app/router.tsx';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { todayInDenmark } from '../../components/dates.ts';
import { ErrorSummary, RadioGroup, SelectField, TextArea } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { PreventionLevel } from '../../../shared/contracts.ts';
import { AudienceSector, TargetGroup } from '../../../shared/prevention.ts';
import { useVocabulary } from '../vocabularies/useVocabulary.ts';
import type { Activity } from './types.ts';

const TARGET_GROUPS = TargetGroup.options;
const PREVENTION_LEVELS = PreventionLevel.options;

const WHOLE = /^\d+$/;

/**
 * Registers a held activity (/forebyggelse/aktiviteter/ny): kind, target group, prevention level, audience sector and
 * counts of participants and organisations. Prevention work is not about individuals, so the form asks for counts
 * only and warns against describing anyone in the notes.
 */
export function ActivityFormPage(_props: PageProps) {
  const { t } = useTranslation();
  // Activity kinds are data (docs/domain.md, "Vocabularies"): only active ones are offered.
  const kinds = useVocabulary('activity_kind', 'prevention.kind');
  const { navigate } = useRouter();
  const today = todayInDenmark();
  const [heldOn, setHeldOn] = useState(today);
  const [kind, setKind] = useState('');
  const [title, setTitle] = useState('');
  const [targetGroup, setTargetGroup] = useState('');
  const [preventionLevel, setPreventionLevel] = useState('green');
  const [audienceSector, setAudienceSector] = useState('');
  const [participants, setParticipants] = useState('');
  const [organisations, setOrganisations] = useState('0');
  const [notes, setNotes] = useState('');
  const save = useMutation({ mutationFn: async (body: object) => (await apiPost<Activity>('/api/v1/activities', body)).body });
  const form = useFormErrors();
  const fields: FieldMap = {
    heldOn: { target: 'activity-held-on', message: t('prevention.activity.errors.heldOn') },
    kind: { target: 'activity-kind-select', message: t('prevention.activity.errors.kind') },
    title: { target: 'activity-title', message: t('prevention.activity.errors.title') },
    targetGroup: { target: `activity-target-group-${TARGET_GROUPS[0]}`, message: t('prevention.activity.errors.targetGroup') },
    preventionLevel: { target: `activity-level-${PREVENTION_LEVELS[0]}`, message: t('prevention.activity.errors.level') },
    audienceSector: { target: 'activity-sector', message: t('prevention.activity.errors.sector') },
    participants: { target: 'activity-participants', message: t('prevention.activity.errors.participants') },
    organisations: { target: 'activity-organisations', message: t('prevention.activity.errors.organisations') },
    notes: { target: 'activity-notes', message: t('prevention.activity.errors.notes') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    const problems = [
      (!heldOn || heldOn > today) && fields.heldOn!,
      !kind && fields.kind!,
      !title.trim() && fields.title!,
      !targetGroup && fields.targetGroup!,
      !audienceSector && fields.audienceSector!,
      (!WHOLE.test(participants.trim()) || Number(participants) > 100_000) && fields.participants!,
      (!WHOLE.test(organisations.trim()) || Number(organisations) > 10_000) && fields.organisations!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      const body = await save.mutateAsync({
        heldOn, kind, title: title.trim(), targetGroup, preventionLevel, audienceSector,
        participants: Number(participants), organisations: Number(organisations), ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      navigate(`/forebyggelse/aktiviteter/${body.id}`);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <>
      <PageHeading>{t('prevention.activity.newHeading')}</PageHeading>
      <p className="font-lead">{t('prevention.activity.newIntro')}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={save.isPending} aria-label={t('prevention.activity.newHeading')}>
        <TextField id="activity-held-on" type="date" label={t('prevention.activity.heldOn')} hint={t('prevention.activity.heldOnHint')} max={today}
          value={heldOn} onChange={(e) => setHeldOn(e.target.value)} error={form.errorFor('activity-held-on')} />
        <SelectField id="activity-kind-select" label={t('prevention.activity.kind')} value={kind} onChange={(e) => setKind(e.target.value)} error={form.errorFor('activity-kind-select')}
          options={[{ value: '', label: t('prevention.activity.choose') }, ...kinds.options]} />
        <TextField id="activity-title" label={t('prevention.activity.title')} hint={t('prevention.activity.titleHint')} maxLength={200}
          value={title} onChange={(e) => setTitle(e.target.value)} error={form.errorFor('activity-title')} />
        <RadioGroup id="activity-target-group" name="targetGroup" legend={t('prevention.activity.targetGroup')} value={targetGroup} onChange={setTargetGroup}
          error={form.errorFor(`activity-target-group-${TARGET_GROUPS[0]}`)}
          options={TARGET_GROUPS.map((g) => ({ value: g, label: t(`prevention.targetGroup.${g}`) }))} />
        <RadioGroup id="activity-level" name="preventionLevel" legend={t('prevention.activity.level')} value={preventionLevel} onChange={setPreventionLevel}
          error={form.errorFor(`activity-level-${PREVENTION_LEVELS[0]}`)}
          options={PREVENTION_LEVELS.map((l) => ({ value: l, label: t(`prevention.level.${l}`), hint: t(`prevention.levelHint.${l}`) }))} />
        <SelectField id="activity-sector" label={t('prevention.activity.sector')} value={audienceSector} onChange={(e) => setAudienceSector(e.target.value)} error={form.errorFor('activity-sector')}
          options={[{ value: '', label: t('prevention.activity.choose') }, ...AudienceSector.options.map((s) => ({ value: s, label: t(`prevention.sector.${s}`) }))]} />
        <TextField id="activity-participants" inputMode="numeric" label={t('prevention.activity.participants')} hint={t('prevention.activity.participantsHint')}
          inputClassName="input-width-xs" value={participants} onChange={(e) => setParticipants(e.target.value)} error={form.errorFor('activity-participants')} />
        <TextField id="activity-organisations" inputMode="numeric" label={t('prevention.activity.organisations')} hint={t('prevention.activity.organisationsHint')}
          inputClassName="input-width-xs" value={organisations} onChange={(e) => setOrganisations(e.target.value)} error={form.errorFor('activity-organisations')} />
        <TextArea id="activity-notes" label={t('prevention.activity.notes')} hint={t('prevention.activity.notesHint')} maxLength={2000}
          value={notes} onChange={(e) => setNotes(e.target.value)} error={form.errorFor('activity-notes')} />
        <button type="submit" className="button button-primary">{t('prevention.activity.save')}</button>
      </form>
    </>
  );
}
