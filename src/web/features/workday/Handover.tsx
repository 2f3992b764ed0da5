import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { can, useUser } from '../../app/session.ts';
import { PickColleague } from './PickColleague.tsx';

/**
 * The handover control on the case and concern pages (docs/domain.md, "Handover"): the unit's coordinator gives a
 * case a new owner or a concern a new coordinator; open tasks follow. Shown only to those who may (handover.manage).
 */
export function HandoverControl({
  kind, id, version, current, onDone,
}: { kind: 'case' | 'concern'; id: string; version: number; current: string | null; onDone(): void | Promise<void> }) {
  const { t } = useTranslation();
  const user = useUser();
  if (!can(user, 'handover.manage')) return null;
  const isCase = kind === 'case';
  return (
    <PickColleague
      id={`handover-${kind}`}
      openLabel={t('handover.open')}
      heading={t(isCase ? 'handover.caseHeading' : 'handover.concernHeading')}
      pickLabel={t(isCase ? 'handover.newOwner' : 'handover.newCoordinator')}
      hint={t('handover.hint')}
      submitLabel={t('handover.submit')}
      roles={isCase ? ['coordinator', 'adviser'] : ['coordinator']}
      exclude={current ? [current] : []}
      onSubmit={async (userId, entry) => {
        const r = await apiPost<{ tasksMoved: number }>(`/api/v1/${isCase ? 'cases' : 'concerns'}/${id}/handover`,
          isCase ? { version, ownerId: userId } : { version, coordinatorId: userId });
        await onDone();
        return t('handover.done', { name: entry?.displayName ?? '', count: r.body.tasksMoved });
      }}
    />
  );
}
