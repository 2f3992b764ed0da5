import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { useDirectory, useEntryLabel, type DirectoryEntry } from '../../components/DirectoryPicker.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { formatDate } from '../../components/dates.ts';
import { generalErrorKey } from '../../components/errors.ts';
import { ApiError } from '../../api/client.ts';
import type { Meeting, MeetingSummary } from '../../../shared/meetings.ts';

const LIST = '/api/v1/meetings';

/** The Infohus calendar of the unit (or, for police and partners, the meetings they take part in), and planning. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const list = useResource<MeetingSummary[]>(LIST);
  return (
    <>
      <PageHeading>{t('meetings.heading')}</PageHeading>
      {list.isError && <Alert variant="error">{t(generalErrorKey(list.error))}</Alert>}
      {list.data && list.data.length === 0 && <p>{t('meetings.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="table table--compact">
          <caption className="sr-only">{t('meetings.calendar')}</caption>
          <thead>
            <tr><th scope="col">{t('meetings.date')}</th><th scope="col">{t('meetings.place')}</th><th scope="col">{t('meetings.itemsDecided')}</th></tr>
          </thead>
          <tbody>
            {list.data.map((m) => (
              <tr key={m.id}>
                <td><Link to={`/infohus/${m.id}`}>{formatDate(m.meetingOn)}</Link></td>
                <td>{m.place}</td>
                <td>{t('meetings.decidedOf', { decided: m.decided, items: m.items })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can(user, 'meeting.manage') && <PlanForm />}
    </>
  );
}

/** Participants picked from the directory, grouped by organisation. */
function PlanForm() {
  const { t } = useTranslation();
  const directory = useDirectory(undefined);
  const label = useEntryLabel();
  const refresh = useRefresh();
  const { navigate } = useRouter();
  const [meetingOn, setMeetingOn] = useState('');
  const [place, setPlace] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const plan = useMutation({
    mutationFn: (body: object) => apiPost<Meeting>(LIST, body),
    onSuccess: () => refresh(LIST),
  });
  const groups = new Map<string, DirectoryEntry[]>();
  for (const e of directory.entries) {
    const org = e.organisation || e.unitName;
    groups.set(org, [...(groups.get(org) ?? []), e]);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(meetingOn)) found.meetingOn = t('meetings.errors.date');
    if (!place.trim()) found.place = t('meetings.errors.place');
    if (picked.length === 0) found.participants = t('meetings.errors.participants');
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(found.meetingOn ? 'meeting-date' : found.place ? 'meeting-place' : 'participants-first')?.focus();
      return;
    }
    try {
      const created = await plan.mutateAsync({ meetingOn, place: place.trim(), participantIds: picked });
      navigate(`/infohus/${created.body.id}`);
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 400 ? t('meetings.errors.invalid', { detail: err.problem.detail ?? '' }) : t(generalErrorKey(err)));
    }
  }

  let first = true;
  return (
    <section aria-labelledby="plan-heading" className="vink-action">
      <h2 id="plan-heading">{t('meetings.plan')}</h2>
      <LiveRegion assertive>{failure && <Alert variant="error">{failure}</Alert>}</LiveRegion>
      <form className="vink-form" noValidate onSubmit={submit}>
        <TextField id="meeting-date" type="date" label={t('meetings.date')} value={meetingOn} onChange={(e) => setMeetingOn(e.target.value)} error={errors.meetingOn ?? null} />
        <TextField id="meeting-place" label={t('meetings.place')} hint={t('meetings.placeHint')} maxLength={200} value={place} onChange={(e) => setPlace(e.target.value)} error={errors.place ?? null} />
        <fieldset className={errors.participants ? 'form-group form-error' : 'form-group'} aria-describedby={errors.participants ? 'participants-error' : undefined}>
          <legend className="form-label">{t('meetings.participants')}</legend>
          {errors.participants && <span className="form-error-message" id="participants-error">{errors.participants}</span>}
          {directory.loading && <p>{t('app.loading')}</p>}
          {[...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'da')).map(([org, entries]) => (
            <fieldset key={org} className="form-group">
              <legend className="form-label">{org}</legend>
              {entries.map((e) => {
                const id = first ? 'participants-first' : `participant-${e.id}`;
                first = false;
                return (
                  <div className="form-group-checkbox" key={e.id}>
                    <input className="form-checkbox" type="checkbox" id={id} checked={picked.includes(e.id)}
                      onChange={(ev) => setPicked(ev.target.checked ? [...picked, e.id] : picked.filter((x) => x !== e.id))} />
                    <label className="form-label" htmlFor={id}>{label(e)}</label>
                  </div>
                );
              })}
            </fieldset>
          ))}
        </fieldset>
        <button type="submit" className="button button-primary" disabled={plan.isPending}>{t('meetings.planButton')}</button>
      </form>
    </section>
  );
}
