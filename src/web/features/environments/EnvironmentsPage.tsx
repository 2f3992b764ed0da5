import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Environment as EnvironmentSchema, Network as NetworkSchema } from '../../../shared/environments.ts';
import { ApiError, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import type { PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { TextArea } from '../../components/forms.tsx';
import { generalErrorKey } from '../../components/errors.ts';

type Environment = z.infer<typeof EnvironmentSchema>;
type Network = z.infer<typeof NetworkSchema>;
const LIST = '/api/v1/environments';
const NETWORKS = '/api/v1/networks';

/** One entry a line, blank lines left out. */
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * Risk environments and networks (docs/domain.md, "Risk environments and networks"): the unit's register of
 * environments with entry points and key actors as roles or organisations (never persons), the counts of linked
 * activities and later concerns, a form to register one, and the networks beside the citizen forum.
 */
export function EnvironmentsPage(_props: PageProps) {
  const { t } = useTranslation();
  const me = useUser();
  const list = useResource<Environment[]>(LIST);
  const networks = useResource<Network[]>(can(me, 'network.read') ? NETWORKS : null);
  const refresh = useRefresh();
  const mayManage = can(me, 'environment.manage');
  const [form, setForm] = useState({ name: '', area: '', description: '', entryPoints: '', roles: '', organisations: '', startedOn: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: object) => apiPost<Environment>(LIST, body),
    onSuccess: () => refresh(LIST),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    setFailure(null);
    const problems: Record<string, string> = {};
    if (!form.name.trim()) problems.name = t('environments.errors.name');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.startedOn)) problems.startedOn = t('environments.errors.startedOn');
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    try {
      await create.mutateAsync({
        name: form.name.trim(), area: form.area.trim(), description: form.description.trim(), entryPoints: lines(form.entryPoints),
        keyActors: [...lines(form.roles).map((d) => ({ kind: 'role', description: d })), ...lines(form.organisations).map((d) => ({ kind: 'organisation', description: d }))],
        startedOn: form.startedOn,
      });
      setForm({ name: '', area: '', description: '', entryPoints: '', roles: '', organisations: '', startedOn: '' });
      setNotice(t('environments.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const f = error.fieldErrors;
        setErrors({
          ...(f.name ? { name: t('environments.errors.nameTaken') } : {}),
          ...(f.startedOn ? { startedOn: t('environments.errors.startedOn') } : {}),
        });
      }
      setFailure(t(generalErrorKey(error)));
    }
  }

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  return (
    <>
      <PageHeading>{t('environments.heading')}</PageHeading>
      <p className="font-lead">{t('environments.intro')}</p>
      <LiveRegion>{notice && <Alert variant="success">{notice}</Alert>}</LiveRegion>
      <LiveRegion assertive>
        {failure && <Alert variant="error">{failure}</Alert>}
        {list.error ? <Alert variant="error">{t(generalErrorKey(list.error))}</Alert> : null}
      </LiveRegion>

      <h2 id="environments-heading">{t('environments.listHeading')}</h2>
      {list.data && list.data.length === 0 && <p>{t('environments.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="table--responsive-scroll">
          <table className="table table--compact" aria-labelledby="environments-heading">
            <thead>
              <tr>
                <th scope="col">{t('environments.name')}</th>
                <th scope="col">{t('environments.area')}</th>
                <th scope="col">{t('environments.entryPoints')}</th>
                <th scope="col">{t('environments.keyActors')}</th>
                <th scope="col">{t('environments.activities')}</th>
                <th scope="col">{t('environments.concerns')}</th>
                <th scope="col">{t('environments.concernsAfterOutreach')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.name}{e.closedOn && <><br /><span className="vink-muted">{t('environments.closed', { date: e.closedOn })}</span></>}</th>
                  <td>{e.area}</td>
                  <td>{e.entryPoints.join(', ')}</td>
                  <td>{e.keyActors.map((a) => `${a.description} (${t(`environments.actorKind.${a.kind}`)})`).join(', ')}</td>
                  <td>{e.activities}</td>
                  <td>{e.concerns ?? t('environments.suppressed')}</td>
                  <td>{e.concernsAfterOutreach ?? t('environments.suppressed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {mayManage && (
        <form noValidate onSubmit={(e) => void submit(e)} aria-labelledby="environment-form-heading">
          <h2 id="environment-form-heading">{t('environments.formHeading')}</h2>
          <p>{t('environments.noPersons')}</p>
          <TextField id="environment-name" label={t('environments.name')} autoComplete="off" value={form.name} onChange={set('name')} error={errors.name ?? null} />
          <TextField id="environment-area" label={t('environments.area')} autoComplete="off" value={form.area} onChange={set('area')} />
          <TextArea id="environment-description" label={t('environments.description')} value={form.description} onChange={set('description')} />
          <TextArea id="environment-entry-points" label={t('environments.entryPoints')} hint={t('environments.oneALine')} value={form.entryPoints} onChange={set('entryPoints')} />
          <TextArea id="environment-roles" label={t('environments.roles')} hint={t('environments.rolesHint')} value={form.roles} onChange={set('roles')} />
          <TextArea id="environment-organisations" label={t('environments.organisations')} hint={t('environments.oneALine')} value={form.organisations} onChange={set('organisations')} />
          <TextField id="environment-started" type="date" label={t('environments.startedOn')} value={form.startedOn} onChange={set('startedOn')} error={errors.startedOn ?? null} />
          <button type="submit" className="button button-primary" disabled={create.isPending}>{t('environments.save')}</button>
        </form>
      )}

      {networks.data && (
        <>
          <h2 id="networks-heading">{t('environments.networksHeading')}</h2>
          {networks.data.length === 0 && <p>{t('environments.noNetworks')}</p>}
          {networks.data.length > 0 && (
            <div className="table--responsive-scroll">
              <table className="table table--compact" aria-labelledby="networks-heading">
                <thead>
                  <tr>
                    <th scope="col">{t('environments.name')}</th>
                    <th scope="col">{t('environments.networkKind')}</th>
                    <th scope="col">{t('environments.organisations')}</th>
                    <th scope="col">{t('environments.activities')}</th>
                  </tr>
                </thead>
                <tbody>
                  {networks.data.map((n) => (
                    <tr key={n.id}>
                      <th scope="row">{n.name}</th>
                      <td>{t(`environments.networkKinds.${n.kind}`)}</td>
                      <td>{n.organisations.join(', ')}</td>
                      <td>{n.activities}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
