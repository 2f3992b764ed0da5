import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/router.tsx';
import { pathTo } from '../../app/router.tsx';
import { ApiError, apiPost, apiPut } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { Checkbox, ErrorSummary, SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { generalErrorKey } from '../../components/errors.ts';
import type { NationalUnit, NationalUnits } from '../../../shared/national.ts';

const LIST = '/api/v1/national/units';
const CODE = /^\d{3}$/;
const DISTRICTS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * National administration (/landsadministration; docs/domain.md, "The national view"): the units of the country
 * and their memberships of the shared hotlines, a new municipality's unit, and a unit put in or taken out of a
 * hotline (with its own case work, or using the hotline only). Units and memberships only: no case content.
 */
export function NationalUnitsPage(_props: PageProps) {
  const { t } = useTranslation();
  const list = useResource<NationalUnits>(LIST);
  const refresh = useRefresh();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [district, setDistrict] = useState('1');
  const [joins, setJoins] = useState<Record<string, 'none' | 'case_work' | 'hotline_only'>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useFormErrors();
  const fields: FieldMap = {
    name: { target: 'unit-name', message: t('nationalAdmin.errors.name') },
    municipalityCode: { target: 'unit-code', message: t('nationalAdmin.errors.code') },
  };
  const create = useMutation({
    mutationFn: (body: object) => apiPost<NationalUnit>(LIST, body),
    onSuccess: () => refresh(LIST),
  });
  const member = useMutation({
    mutationFn: (m: { unitId: string; hotlineId: string; member: boolean; caseWork: boolean }) =>
      apiPut<NationalUnit>(pathTo('/api/v1/national/units/:id/hotlines/:hotlineId', { id: m.unitId, hotlineId: m.hotlineId }), { member: m.member, caseWork: m.caseWork }),
    onSuccess: () => refresh(LIST),
  });
  const hotlines = list.data?.hotlines ?? [];
  const hotlineName = (id: string) => hotlines.find((h) => h.id === id)?.name ?? id;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    setNotice(null);
    const problems = [!name.trim() && fields.name!, !CODE.test(code) && fields.municipalityCode!].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      const memberships = Object.entries(joins).filter(([, v]) => v !== 'none').map(([hotlineId, v]) => ({ hotlineId, caseWork: v === 'case_work' }));
      await create.mutateAsync({ name: name.trim(), municipalityCode: code, policeDistrictId: Number(district), hotlines: memberships });
      setNotice(t('nationalAdmin.created', { name: name.trim() }));
      setName('');
      setCode('');
      setJoins({});
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  async function change(unit: NationalUnit, hotlineId: string, to: 'none' | 'case_work' | 'hotline_only') {
    setNotice(null);
    setFailure(null);
    try {
      await member.mutateAsync({ unitId: unit.id, hotlineId, member: to !== 'none', caseWork: to === 'case_work' });
      setNotice(t('nationalAdmin.changed', { name: unit.name, hotline: hotlineName(hotlineId) }));
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 409 ? t('errors.conflict') : t(generalErrorKey(error)));
    }
  }

  const membershipOf = (u: NationalUnit, hotlineId: string): 'none' | 'case_work' | 'hotline_only' => {
    const m = u.hotlines.find((x) => x.hotlineId === hotlineId);
    return !m ? 'none' : m.caseWork ? 'case_work' : 'hotline_only';
  };
  const choices = [
    { value: 'none', label: t('nationalAdmin.membership.none') },
    { value: 'case_work', label: t('nationalAdmin.membership.case_work') },
    { value: 'hotline_only', label: t('nationalAdmin.membership.hotline_only') },
  ];

  return (
    <>
      <PageHeading>{t('nationalAdmin.heading')}</PageHeading>
      <p className="font-lead">{t('nationalAdmin.intro')}</p>
      <LiveRegion>
        {notice && <Alert variant="success">{notice}</Alert>}
      </LiveRegion>
      <LiveRegion assertive>
        {failure && <Alert variant="error">{failure}</Alert>}
        {form.formError && <Alert variant="error">{form.formError}</Alert>}
      </LiveRegion>

      <h2>{t('nationalAdmin.unitsHeading')}</h2>
      {list.isError && <Alert variant="error">{t(generalErrorKey(list.error))}</Alert>}
      {list.data && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption>{t('nationalAdmin.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('nationalAdmin.name')}</th>
                <th scope="col">{t('nationalAdmin.code')}</th>
                <th scope="col">{t('nationalAdmin.district')}</th>
                <th scope="col">{t('nationalAdmin.takesPart')}</th>
                {hotlines.map((h) => <th key={h.id} scope="col">{h.name}</th>)}
              </tr>
            </thead>
            <tbody>
              {list.data.units.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.name}</th>
                  <td>{u.municipalityCode ?? t('nationalAdmin.nationalUnit')}</td>
                  <td>{u.policeDistrict ?? '–'}</td>
                  <td>{u.kind === 'national' ? '–' : u.takesPartNationally ? t('nationalAdmin.yes') : t('nationalAdmin.no')}</td>
                  {hotlines.map((h) => (
                    <td key={h.id}>
                      {u.kind === 'national' ? '–' : (
                        <SelectField id={`m-${u.id}-${h.id}`} label={t('nationalAdmin.membershipOf', { name: u.name, hotline: h.name })}
                          value={membershipOf(u, h.id)} options={choices}
                          onChange={(e) => void change(u, h.id, e.target.value as 'none' | 'case_work' | 'hotline_only')} />
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('nationalAdmin.newHeading')}</h2>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <form noValidate onSubmit={submit} aria-label={t('nationalAdmin.newHeading')} aria-busy={create.isPending}>
        <TextField id="unit-name" label={t('nationalAdmin.name')} value={name} onChange={(e) => setName(e.target.value)} error={form.errorFor('unit-name')} />
        <TextField id="unit-code" inputMode="numeric" label={t('nationalAdmin.code')} hint={t('nationalAdmin.codeHint')} value={code}
          onChange={(e) => setCode(e.target.value.trim())} error={form.errorFor('unit-code')} />
        <SelectField id="unit-district" label={t('nationalAdmin.district')} value={district} onChange={(e) => setDistrict(e.target.value)}
          options={DISTRICTS.map((d) => ({ value: String(d), label: t('nationalAdmin.districtNo', { n: d }) }))} />
        {hotlines.map((h) => (
          <SelectField key={h.id} id={`new-${h.id}`} label={t('nationalAdmin.membershipNew', { hotline: h.name })} value={joins[h.id] ?? 'none'}
            options={choices} onChange={(e) => setJoins({ ...joins, [h.id]: e.target.value as 'none' | 'case_work' | 'hotline_only' })} />
        ))}
        <button type="submit" className="button button-primary">{t('nationalAdmin.create')}</button>
      </form>
    </>
  );
}

/**
 * A unit's own choice (/landstal/deltagelse): does it take part in the national statistics? Its manager decides; a
 * unit that opts out is in no national table.
 */
export function NationalParticipationPage(_props: PageProps) {
  const { t } = useTranslation();
  const path = '/api/v1/national/participation';
  const current = useResource<{ takesPart: boolean }>(path);
  const refresh = useRefresh();
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation({ mutationFn: (takesPart: boolean) => apiPut<{ takesPart: boolean }>(path, { takesPart }), onSuccess: () => refresh(path) });
  // The box shows the choice at once while it is saved; a failure puts it back to what the server holds.
  const [choice, setChoice] = useState<boolean | null>(null);
  async function set(takesPart: boolean) {
    setFailure(null);
    setNotice(null);
    setChoice(takesPart);
    try {
      await save.mutateAsync(takesPart);
      setNotice(t(takesPart ? 'nationalAdmin.participation.on' : 'nationalAdmin.participation.off'));
    } catch (error) {
      setChoice(null);
      setFailure(t(generalErrorKey(error)));
    }
  }
  return (
    <>
      <PageHeading>{t('nationalAdmin.participation.heading')}</PageHeading>
      <p className="font-lead">{t('nationalAdmin.participation.intro')}</p>
      <LiveRegion>{notice && <Alert variant="success">{notice}</Alert>}</LiveRegion>
      <LiveRegion assertive>{failure && <Alert variant="error">{failure}</Alert>}</LiveRegion>
      {current.data && (
        <Checkbox id="takes-part" label={t('nationalAdmin.participation.label')} hint={t('nationalAdmin.participation.hint')}
          checked={choice ?? current.data.takesPart} onChange={(v) => void set(v)} />
      )}
    </>
  );
}
