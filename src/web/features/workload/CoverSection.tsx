import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CoverPeriod as CoverSchema } from '../../../shared/workload.ts';
import { ApiError, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { DirectoryPicker } from '../../components/DirectoryPicker.tsx';
import { TextField } from '../../components/TextField.tsx';
import { formatDate, todayInDenmark } from '../../components/dates.ts';
import { generalErrorKey } from '../../components/errors.ts';

type Cover = z.infer<typeof CoverSchema>;
const COVERS = '/api/v1/covers';

/** Holiday cover (docs/domain.md, "Handover and holiday cover"): who covers whom, and recording a new period. */
export function CoverSection() {
  const { t } = useTranslation();
  const covers = useResource<Cover[]>(COVERS);
  const refresh = useRefresh();
  const [absent, setAbsent] = useState('');
  const [cover, setCover] = useState('');
  const [startsOn, setStartsOn] = useState(todayInDenmark());
  const [endsOn, setEndsOn] = useState(todayInDenmark());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setDone(null);
    if (!absent || !cover || absent === cover || !startsOn || !endsOn || endsOn < startsOn) {
      setError(t('cover.invalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await apiPost<{ casesCovered: number }>(COVERS, { absentUserId: absent, coverUserId: cover, startsOn, endsOn });
      await refresh(COVERS);
      setDone(t('cover.saved', { count: r.body.casesCovered }));
      setAbsent('');
      setCover('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 400 ? t('cover.invalid') : t(generalErrorKey(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="cover-heading">
      <h2 id="cover-heading">{t('cover.heading')}</h2>
      <p>{t('cover.intro')}</p>
      {covers.data && covers.data.length === 0 && <p>{t('cover.none')}</p>}
      {covers.data && covers.data.length > 0 && (
        <ul>
          {covers.data.map((c) => (
            <li key={c.id}>{t('cover.line', { cover: c.cover.displayName, absent: c.absent.displayName, from: formatDate(c.startsOn), to: formatDate(c.endsOn) })}</li>
          ))}
        </ul>
      )}
      <LiveRegion>{done && <Alert variant="success">{done}</Alert>}</LiveRegion>
      <form className="vink-form" noValidate onSubmit={submit} aria-busy={busy} aria-labelledby="cover-form-heading">
        <h3 id="cover-form-heading">{t('cover.formHeading')}</h3>
        <LiveRegion assertive>{error && <Alert variant="error">{error}</Alert>}</LiveRegion>
        <DirectoryPicker id="cover-absent" label={t('cover.absent')} roles={['coordinator', 'adviser']} value={absent} onChange={(v) => setAbsent(v)} />
        <DirectoryPicker id="cover-user" label={t('cover.cover')} roles={['coordinator', 'adviser']} exclude={absent ? [absent] : []} value={cover}
          onChange={(v) => setCover(v)} />
        <TextField id="cover-from" type="date" label={t('cover.from')} value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
        <TextField id="cover-to" type="date" label={t('cover.to')} value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
        <button type="submit" className="button button-primary" disabled={busy}>{t('cover.submit')}</button>
      </form>
    </section>
  );
}
