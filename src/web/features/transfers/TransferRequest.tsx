import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import { Link } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { CheckboxGroup, ErrorSummary, SelectField } from '../../components/forms.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { TRAVELS } from '../../../shared/transfers.ts';

interface UnitOption { id: string; name: string; municipalityCode: string }

/**
 * "Anmod om overførsel" on a case or concern page (docs/domain.md, "Transfers"): the coordinator names the receiving
 * unit, what travels and the legal basis. The receiving coordinator accepts or rejects on "Overdragelser".
 */
export function TransferRequest({ record }: { record: { kind: 'case' | 'concern'; id: string } }) {
  const { t } = useTranslation();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [toUnitId, setToUnitId] = useState('');
  const [travels, setTravels] = useState<string[]>([...TRAVELS]);
  const [legalBasis, setLegalBasis] = useState('');
  const [done, setDone] = useState(false);
  const units = useResource<UnitOption[]>(open ? '/api/v1/units' : null);
  const form = useFormErrors();
  const send = useMutation({ mutationFn: async (body: object) => (await apiPost('/api/v1/transfers', body)).body });
  if (!can(user, 'transfer.request')) return null;

  const fields: FieldMap = {
    toUnitId: { target: 'transfer-unit', message: t('transferRequest.errors.unit') },
    travels: { target: `transfer-travels-${TRAVELS[0]}`, message: t('transferRequest.errors.travels') },
    legalBasis: { target: 'transfer-legal-basis', message: t('transferRequest.errors.legalBasis') },
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (send.isPending) return;
    const problems = [!toUnitId && fields.toUnitId!, travels.length === 0 && fields.travels!, legalBasis.trim().length < 3 && fields.legalBasis!]
      .filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await send.mutateAsync({ [record.kind === 'case' ? 'caseId' : 'concernId']: record.id, toUnitId, travels, legalBasis: legalBasis.trim() });
      setDone(true);
      setOpen(false);
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  return (
    <section aria-labelledby="transfer-request-heading">
      <h2 id="transfer-request-heading">{t('transferRequest.heading')}</h2>
      <LiveRegion>
        {done && (
          <Alert variant="success">
            {t('transferRequest.done')} <Link to="/overdragelser">{t('transfers.nav')}</Link>
          </Alert>
        )}
      </LiveRegion>
      {!open && !done && (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>{t('transferRequest.open')}</button>
      )}
      {open && (
        <>
          <ErrorSummary errors={form.errors} attempt={form.attempt} />
          <LiveRegion assertive>
            {form.formError && <Alert variant="error">{form.formError}</Alert>}
            {form.conflict && <Alert variant="error">{t('transferRequest.errors.conflict')}</Alert>}
          </LiveRegion>
          <form noValidate onSubmit={submit} className="vink-form" aria-busy={send.isPending} aria-labelledby="transfer-request-heading">
            <SelectField id="transfer-unit" label={t('transferRequest.unit')} value={toUnitId} onChange={(e) => setToUnitId(e.target.value)}
              error={form.errorFor('transfer-unit')}
              options={[{ value: '', label: t('transferRequest.chooseUnit') },
                ...(units.data ?? []).filter((u) => u.id !== user?.unitId).map((u) => ({ value: u.id, label: u.name }))]} />
            <CheckboxGroup id="transfer-travels" name="travels" legend={t('transfers.travels')} value={travels} onChange={setTravels}
              error={form.errorFor(fields.travels!.target)}
              options={TRAVELS.map((v) => ({ value: v, label: t(`transfers.travel.${v}`) }))} />
            <TextField id="transfer-legal-basis" label={t('transfers.legalBasis')} hint={t('transferRequest.legalBasisHint')} autoComplete="off"
              value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} error={form.errorFor('transfer-legal-basis')} />
            <button type="submit" className="button button-primary">{t('transferRequest.submit')}</button>{' '}
            <button type="button" className="button button-tertiary" onClick={() => setOpen(false)}>{t('transfers.cancel')}</button>
          </form>
        </>
      )}
    </section>
  );
}
