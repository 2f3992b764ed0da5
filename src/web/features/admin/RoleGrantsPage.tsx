import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import type { RoleGrant } from '../../../shared/contracts.ts';
import { pathTo, type PageProps } from '../../app/router.tsx';
import { useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { formatDateTime } from '../../components/dates.ts';
import { generalErrorKey } from '../../components/errors.ts';

const OPEN = '/api/v1/role-grants?status=requested';
const ALL = '/api/v1/role-grants';
export const OPEN_COUNT = '/api/v1/role-grants/open-count';

/**
 * Role grants for managers and the DPO (four eyes, docs/security.md): every request for a role that reads case
 * content waits here, with who asked, for whom, which role and why. Approve or reject with a note; nobody decides a
 * request they made or one for themselves. A decision sends the version read: a 409 says someone decided first.
 * Below, the unit's decided grants and role changes, newest first.
 */
export function RoleGrantsPage(_props: PageProps) {
  const { t } = useTranslation();
  const me = useUser();
  const open = useResource<RoleGrant[]>(OPEN);
  const all = useResource<RoleGrant[]>(ALL);
  const refresh = useRefresh();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<{ conflict: boolean; message: string } | null>(null);
  const decide = useMutation({
    mutationFn: ({ g, decision, note }: { g: RoleGrant; decision: 'approve' | 'reject'; note: string }) =>
      apiPost<RoleGrant>(pathTo(`/api/v1/role-grants/:id/${decision}`, { id: g.id }), { version: g.version, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSettled: () => Promise.all([refresh(OPEN), refresh(ALL), refresh(OPEN_COUNT)]),
  });

  async function act(g: RoleGrant, decision: 'approve' | 'reject', note: string) {
    setNotice(null);
    setError(null);
    try {
      await decide.mutateAsync({ g, decision, note });
      setNotice(t(`grants.done.${decision}`, { name: g.user.displayName, role: t(`roles.${g.requestedRole}`) }));
    } catch (e) {
      const conflict = e instanceof ApiError && e.status === 409;
      const noteMissing = e instanceof ApiError && e.hasFieldError('note');
      setError({ conflict, message: t(conflict ? 'grants.conflict' : noteMissing ? 'grants.noteRequired' : generalErrorKey(e)) });
    }
  }

  const decided = (all.data ?? []).filter((g) => g.status !== 'requested');
  return (
    <>
      <PageHeading>{t('grants.heading')}</PageHeading>
      <p className="font-lead">{t('grants.intro')}</p>
      <LiveRegion>{notice && <Alert variant="success">{notice}</Alert>}</LiveRegion>
      <LiveRegion assertive>
        {error && <Alert variant="error">{error.message}</Alert>}
        {open.error ? <Alert variant="error">{t(generalErrorKey(open.error))}</Alert> : null}
      </LiveRegion>

      <h2>{t('grants.openHeading', { count: open.data?.length ?? 0 })}</h2>
      {open.data && open.data.length === 0 && <p>{t('grants.none')}</p>}
      {open.data?.map((g) => (
        <GrantCard key={g.id} grant={g} own={g.requestedBy?.id === me.id || g.user.id === me.id} busy={decide.isPending}
          onDecide={(decision, note) => void act(g, decision, note)} />
      ))}

      <h2>{t('grants.historyHeading')}</h2>
      {decided.length === 0 ? (
        <p>{t('grants.noHistory')}</p>
      ) : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('grants.historyHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('grants.user')}</th>
                <th scope="col">{t('grants.role')}</th>
                <th scope="col">{t('grants.requestedBy')}</th>
                <th scope="col">{t('grants.status')}</th>
                <th scope="col">{t('grants.decidedBy')}</th>
                <th scope="col">{t('grants.note')}</th>
              </tr>
            </thead>
            <tbody>
              {decided.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{g.user.displayName}</th>
                  <td>{g.previousRole ? `${t(`roles.${g.previousRole}`)} → ` : ''}{t(`roles.${g.requestedRole}`)}</td>
                  <td>{g.requestedBy?.displayName ?? t('grants.system')}, {formatDateTime(g.requestedAt)}</td>
                  <td>{t(`grants.statuses.${g.status}`)}</td>
                  <td>{g.decidedBy ? `${g.decidedBy.displayName}, ${formatDateTime(g.decidedAt)}` : t('grants.noApprovalNeeded')}</td>
                  <td>{g.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** One open request: who asked, for whom, which role and why; a note and the two decisions. */
function GrantCard({ grant: g, own, busy, onDecide }: {
  grant: RoleGrant; own: boolean; busy: boolean; onDecide(decision: 'approve' | 'reject', note: string): void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const headingId = `grant-${g.id}`;
  return (
    <section className="vink-action" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('grants.cardHeading', { name: g.user.displayName, role: t(`roles.${g.requestedRole}`) })}</h3>
      <dl className="vink-facts">
        <dt>{t('grants.kind')}</dt>
        <dd>{t(`grants.kinds.${g.kind}`)}{g.previousRole && g.previousRole !== g.requestedRole ? ` (${t('grants.from', { role: t(`roles.${g.previousRole}`) })})` : ''}</dd>
        <dt>{t('grants.username')}</dt>
        <dd>{g.user.username}</dd>
        <dt>{t('grants.requestedBy')}</dt>
        <dd>{g.requestedBy?.displayName ?? t('grants.system')}, {formatDateTime(g.requestedAt)}</dd>
        <dt>{t('grants.reason')}</dt>
        <dd>{g.kind === 'second_factor_reset' ? t('grants.resetReason') : g.reason}</dd>
      </dl>
      {own ? (
        <p>{t('grants.ownRequest')}</p>
      ) : (
        <>
          <div className="form-group">
            <label className="form-label" htmlFor={`note-${g.id}`}>{t('grants.noteLabel')}</label>
            <span className="form-hint" id={`note-${g.id}-hint`}>{t('grants.noteHint')}</span>
            <textarea id={`note-${g.id}`} className="form-input" rows={2} maxLength={500} value={note} aria-describedby={`note-${g.id}-hint`}
              onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="vink-row-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => onDecide('approve', note)}>
              {t('grants.approve')}<span className="sr-only"> {t('grants.for', { name: g.user.displayName })}</span>
            </button>
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => onDecide('reject', note)}>
              {t('grants.reject')}<span className="sr-only"> {t('grants.for', { name: g.user.displayName })}</span>
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The number of open requests, beside the navigation entry (so a waiting request is seen from every page). */
export function OpenGrantsBadge() {
  const { t } = useTranslation();
  const count = useResource<{ count: number }>(OPEN_COUNT);
  const n = count.data?.count ?? 0;
  if (n === 0) return null;
  return (
    <span className="vink-nav-badge">
      {' '}({n}<span className="sr-only"> {t('grants.waiting')}</span>)
    </span>
  );
}
