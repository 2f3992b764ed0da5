import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost, query } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDate, todayInDenmark, yearInDenmark } from '../../components/dates.ts';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { formatNumber } from '../../components/numbers.ts';
import { ForumMemberKind } from '../../../shared/prevention.ts';
import { useVocabulary } from '../vocabularies/useVocabulary.ts';
import type { Activity, ForumMemberList } from './types.ts';
import '../plans/plans.css';

/**
 * Prevention work (/forebyggelse): the unit's activities (counts only, never participants), filtered by year and kind,
 * and the citizen forum's member organisations with the date each signed the charter of democratic values.
 */
/** The citizen forum's members (organisations, never people). */
const FORUM = '/api/v1/forum/members';

export function PreventionPage(_props: PageProps) {
  const { t } = useTranslation();
  // Every kind, retired ones too, so older activities can be found and keep their label (docs/domain.md, "Vocabularies").
  const kinds = useVocabulary('activity_kind', 'prevention.kind');
  const user = useUser();
  const thisYear = yearInDenmark();
  const [year, setYear] = useState(String(thisYear));
  const [kind, setKind] = useState('');
  const activities = useResource<Activity[]>(`/api/v1/activities${query({ year, kind })}`);
  const headingId = useId();
  const years = Array.from({ length: 12 }, (_, i) => String(thisYear - i));
  const participants = activities.data?.reduce((s, a) => s + a.participants, 0) ?? 0;
  return (
    <>
      <PageHeading>{t('prevention.heading')}</PageHeading>
      <p className="font-lead">{t('prevention.intro')}</p>
      {can(user, 'activity.manage') && (
        <p>
          <Link to="/forebyggelse/aktiviteter/ny" className="button button-primary">{t('prevention.activity.new')}</Link>
        </p>
      )}
      <section className="vink-plan-section" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('prevention.activity.listHeading')}</h2>
        <div className="vink-plan-chooser">
          <SelectField id="activity-year" label={t('prevention.activity.year')} value={year} onChange={(e) => setYear(e.target.value)}
            options={years.map((y) => ({ value: y, label: y }))} />
          <SelectField id="activity-kind" label={t('prevention.activity.kind')} value={kind} onChange={(e) => setKind(e.target.value)}
            options={[{ value: '', label: t('prevention.activity.allKinds') }, ...(kinds.entries.data ?? []).map((k) => ({ value: k.code, label: kinds.label(k.code) }))]} />
        </div>
        <div role="status" className="vink-summary">
          {activities.data && t('prevention.activity.count', { count: activities.data.length, participants: formatNumber(participants) })}
        </div>
        {activities.error ? (
          <Alert variant="error">{t('errors.loadFailed')}</Alert>
        ) : activities.data && activities.data.length > 0 ? (
          <div className="table--responsive-scroll">
            <table className="table table--compact">
              <caption className="sr-only">{t('prevention.activity.caption', { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('prevention.activity.heldOn')}</th>
                  <th scope="col">{t('prevention.activity.title')}</th>
                  <th scope="col">{t('prevention.activity.kind')}</th>
                  <th scope="col">{t('prevention.activity.targetGroup')}</th>
                  <th scope="col">{t('prevention.activity.level')}</th>
                  <th scope="col">{t('prevention.activity.sector')}</th>
                  <th scope="col" className="vink-num">{t('prevention.activity.participants')}</th>
                  <th scope="col" className="vink-num">{t('prevention.activity.organisations')}</th>
                </tr>
              </thead>
              <tbody>
                {activities.data.map((a) => (
                  <tr key={a.id}>
                    <td>{formatDate(a.heldOn)}</td>
                    <th scope="row"><Link to={`/forebyggelse/aktiviteter/${a.id}`}>{a.title}</Link></th>
                    <td>{kinds.label(a.kind)}</td>
                    <td>{t(`prevention.targetGroup.${a.targetGroup}`)}</td>
                    <td>{t(`prevention.level.${a.preventionLevel}`)}</td>
                    <td>{t(`prevention.sector.${a.audienceSector}`)}</td>
                    <td className="vink-num">{formatNumber(a.participants)}</td>
                    <td className="vink-num">{formatNumber(a.organisations)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {can(user, 'forum.read') && <ForumSection manage={can(user, 'forum.manage')} />}
    </>
  );
}

function ForumSection({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const forum = useResource<ForumMemberList>(FORUM);
  return (
    <section className="vink-plan-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('prevention.forum.heading')}</h2>
      <p>{t('prevention.forum.intro')}</p>
      {forum.error ? (
        <Alert variant="error">{t('errors.loadFailed')}</Alert>
      ) : !forum.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <p className="vink-summary">
            {t('prevention.forum.counts', { active: forum.data.counts.active, signed: forum.data.counts.activeSignedCharter })}
          </p>
          {forum.data.members.length > 0 && (
            <div className="table--responsive-scroll">
              <table className="table table--compact">
                <caption className="sr-only">{t('prevention.forum.heading')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('prevention.forum.organisation')}</th>
                    <th scope="col">{t('prevention.forum.kind')}</th>
                    <th scope="col">{t('prevention.forum.joinedOn')}</th>
                    <th scope="col">{t('prevention.forum.charterSignedOn')}</th>
                    <th scope="col">{t('prevention.forum.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {forum.data.members.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">{m.organisation}</th>
                      <td>{t(`prevention.forumKind.${m.kind}`)}</td>
                      <td>{formatDate(m.joinedOn)}</td>
                      <td>{m.charterSignedOn ? formatDate(m.charterSignedOn) : t('prevention.forum.notSigned')}</td>
                      <td>{m.active ? t('prevention.forum.active') : t('prevention.forum.left', { date: m.leftOn ? formatDate(m.leftOn) : '' })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {manage && <AddForumMember />}
        </>
      )}
    </section>
  );
}

function AddForumMember() {
  const { t } = useTranslation();
  const today = todayInDenmark();
  const [organisation, setOrganisation] = useState('');
  const [kind, setKind] = useState<string>('association');
  const [joinedOn, setJoinedOn] = useState(today);
  const [charterSignedOn, setCharterSignedOn] = useState('');
  const refresh = useRefresh();
  const add = useMutation({ mutationFn: (body: object) => apiPost(FORUM, body), onSuccess: () => refresh(FORUM) });
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors();
  const fields: FieldMap = {
    organisation: { target: 'forum-organisation', message: t('prevention.forum.errors.organisation') },
    joinedOn: { target: 'forum-joined', message: t('prevention.forum.errors.joinedOn') },
    charterSignedOn: { target: 'forum-charter', message: t('prevention.forum.errors.charterSignedOn') },
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (add.isPending) return;
    setDone(null);
    const problems = [
      !organisation.trim() && fields.organisation!,
      (!joinedOn || joinedOn > today) && fields.joinedOn!,
      charterSignedOn && charterSignedOn > today && fields.charterSignedOn!,
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await add.mutateAsync({ organisation: organisation.trim(), kind, joinedOn, ...(charterSignedOn ? { charterSignedOn } : {}) });
      setDone(t('prevention.forum.added', { organisation: organisation.trim() }));
      setOrganisation('');
      setCharterSignedOn('');
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <form noValidate onSubmit={submit} className="vink-form" aria-labelledby="forum-add-heading" aria-busy={add.isPending}>
      <h3 id="forum-add-heading">{t('prevention.forum.addHeading')}</h3>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
        {form.conflict && <Alert variant="error">{t('prevention.forum.duplicate')}</Alert>}
      </LiveRegion>
      <TextField id="forum-organisation" label={t('prevention.forum.organisation')} hint={t('prevention.forum.organisationHint')} value={organisation}
        onChange={(e) => setOrganisation(e.target.value)} error={form.errorFor('forum-organisation')} maxLength={200} />
      <SelectField id="forum-kind" label={t('prevention.forum.kind')} value={kind} onChange={(e) => setKind(e.target.value)}
        options={ForumMemberKind.options.map((k) => ({ value: k, label: t(`prevention.forumKind.${k}`) }))} />
      <TextField id="forum-joined" type="date" label={t('prevention.forum.joinedOn')} value={joinedOn} max={today}
        onChange={(e) => setJoinedOn(e.target.value)} error={form.errorFor('forum-joined')} />
      <TextField id="forum-charter" type="date" label={t('prevention.forum.charterSignedOn')} hint={t('prevention.forum.charterHint')} value={charterSignedOn} max={today}
        onChange={(e) => setCharterSignedOn(e.target.value)} error={form.errorFor('forum-charter')} />
      <button type="submit" className="button button-primary">{t('prevention.forum.add')}</button>
      <LiveRegion>{done && <Alert variant="success">{done}</Alert>}</LiveRegion>
    </form>
  );
}
