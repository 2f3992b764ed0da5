import { useMutation } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPatch, apiPost } from '../../api/client.ts';
import { useRefresh, useResource } from '../../api/queries.ts';
import type { Role } from '../../api/auth.ts';
import { UserInput, type Unit as UnitSchema, type User as UserSchema, type UserWithCode } from '../../../shared/contracts.ts';
import { grantNeedsApproval } from '../../../shared/policy.ts';
import { NATIONAL_ROLES, ROLES } from '../../../shared/roles.ts';

/** The roles a unit's administrator gives: the national roles are given from the CLI only (docs/domain.md, "The national view"). */
const UNIT_ROLES = ROLES.filter((r) => !NATIONAL_ROLES.includes(r));
import { pathTo, type PageProps } from '../../app/router.tsx';
import { useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { formatDateTime } from '../../components/dates.ts';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';

const USERS = '/api/v1/users';

type User = z.infer<typeof UserSchema>;
type Unit = z.infer<typeof UnitSchema>;

/** An enrolment code as shown once, for the user it belongs to. */
interface ShownCode {
  name: string;
  code: string;
  expiresAt: string | null;
  awaitingApproval: boolean;
}

/**
 * User administration for the administrator's unit: list, create (role, name, username; no password: the user gets a
 * one-time enrolment code, shown here once), change role, disable, reset the second factor (a new code). A role that
 * reads case content takes effect only when a manager or the DPO approves it (docs/security.md). Changes send the
 * version read; a 409 is shown with a reload. The administrator sees no case content here at all.
 */
export function UsersPage(_props: PageProps) {
  const { t } = useTranslation();
  const me = useUser();
  const users = useResource<User[]>(USERS);
  const units = useResource<Unit[]>('/api/v1/units');
  const refresh = useRefresh();
  // The list is read again after each change; after a conflict, when the administrator asks.
  const change = useMutation({
    mutationFn: ({ u, what, role, reason }: { u: User; what: 'disable' | 'reset' | 'role'; role?: Role; reason?: string }) =>
      what === 'role'
        ? apiPatch<UserWithCode>(pathTo('/api/v1/users/:id', { id: u.id }), { version: u.version, role, ...(reason ? { reason } : {}) })
        : apiPost<UserWithCode>(pathTo(what === 'disable' ? '/api/v1/users/:id/disable' : '/api/v1/users/:id/reset-second-factor', { id: u.id })),
    onSuccess: () => refresh(USERS),
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ conflict: boolean; message: string } | null>(null);
  // Held in memory only until the administrator says it was handed over; never fetched again.
  const [shownCode, setShownCode] = useState<ShownCode | null>(null);

  async function act(u: User, what: 'disable' | 'reset' | 'role', role?: Role, reason?: string) {
    setNotice(null);
    setRowError(null);
    try {
      const { body } = await change.mutateAsync({ u, what, ...(role ? { role } : {}), ...(reason ? { reason } : {}) });
      if (what === 'role' && body.pendingRole) setNotice(t('admin.done.roleRequested', { name: u.displayName, role: t(`roles.${body.pendingRole}`) }));
      else setNotice(t(`admin.done.${what}`, { name: u.displayName }));
      if (what === 'reset' && body.enrolmentCode) {
        setShownCode({ name: u.displayName, code: body.enrolmentCode, expiresAt: body.enrolmentCodeExpiresAt, awaitingApproval: body.roleAwaitingApproval });
      }
    } catch (error) {
      const conflict = error instanceof ApiError && error.status === 409;
      setRowError({ conflict, message: conflict ? t('errors.conflict') : t(generalErrorKey(error)) });
    }
  }

  return (
    <>
      <PageHeading>{t('admin.heading')}</PageHeading>
      <p className="font-lead">{t('admin.intro')}</p>
      <LiveRegion>{notice && <Alert variant="success">{notice}</Alert>}</LiveRegion>
      {shownCode && <EnrolmentCodePanel shown={shownCode} onDone={() => setShownCode(null)} />}
      <LiveRegion assertive>
        {rowError && <Alert variant="error">{rowError.message}</Alert>}
        {users.error ? <Alert variant="error">{t(generalErrorKey(users.error))}</Alert> : null}
      </LiveRegion>
      {rowError?.conflict && (
        <p>
          <button type="button" className="button button-secondary" onClick={() => { setRowError(null); void refresh(USERS); }}>
            {t('errors.reload')}
          </button>
        </p>
      )}

      <h2>{t('admin.listHeading')}</h2>
      {users.data && (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t('admin.listHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.displayName')}</th>
                <th scope="col">{t('admin.username')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.state')}</th>
                <th scope="col">{t('admin.userId')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.displayName}</th>
                  <td>{u.username}</td>
                  <td>
                    <RoleCell user={u} editable={u.id !== me.id && !u.disabled} onSave={(role, reason) => void act(u, 'role', role, reason)} />
                  </td>
                  <td>
                    {[
                      u.disabled ? t('admin.disabled') : t('admin.active'),
                      u.secondFactorEnrolled ? t('admin.enrolled') : t('admin.notEnrolled'),
                      u.locked ? t('admin.locked') : null,
                      u.roleAwaitingApproval ? t('admin.awaitingApproval') : null,
                      u.pendingRole ? t('admin.pendingRole', { role: t(`roles.${u.pendingRole}`) }) : null,
                    ].filter(Boolean).join(', ')}
                  </td>
                  <td>
                    <code className="vink-id" data-testid={`user-id-${u.username}`}>{u.id}</code>
                  </td>
                  <td>
                    {u.id !== me.id && !u.disabled && (
                      <div className="vink-row-actions">
                        <button type="button" className="button button-tertiary" onClick={() => void act(u, 'disable')}>
                          {t('admin.disable')}<span className="sr-only"> {u.displayName}</span>
                        </button>
                        <button type="button" className="button button-tertiary" onClick={() => void act(u, 'reset')}>
                          {t('admin.reset2fa')}<span className="sr-only"> {t('admin.for', { name: u.displayName })}</span>
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <CreateUserForm
        onAttempt={() => setNotice(null)}
        onCreated={(u) => {
          setNotice(t(u.roleAwaitingApproval ? 'admin.createdAwaiting' : 'admin.created', { name: u.displayName }));
          if (u.enrolmentCode) {
            setShownCode({ name: u.displayName, code: u.enrolmentCode, expiresAt: u.enrolmentCodeExpiresAt, awaitingApproval: u.roleAwaitingApproval });
          }
        }}
      />

      <h2>{t('admin.unitsHeading')}</h2>
      {units.data && (
        <table className="table table--compact">
          <caption className="sr-only">{t('admin.unitsHeading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.unitName')}</th>
              <th scope="col">{t('admin.municipality')}</th>
              <th scope="col">{t('admin.policeDistrict')}</th>
            </tr>
          </thead>
          <tbody>
            {units.data.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}</th>
                <td>{u.municipalityCode}</td>
                <td>{u.policeDistrict}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/**
 * The one-time enrolment code, shown once after creating an account or resetting its second factor: copyable, with
 * the warning that it will not be shown again. Dropped from memory when the administrator confirms the hand-over.
 */
function EnrolmentCodePanel({ shown, onDone }: { shown: ShownCode; onDone(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <section className="vink-action" aria-labelledby="enrolment-code-heading">
      <h2 id="enrolment-code-heading">{t('admin.code.heading', { name: shown.name })}</h2>
      <Alert variant="warning">{t('admin.code.once')}</Alert>
      <p>
        <code className="vink-enrolment-code" data-testid="enrolment-code">{shown.code}</code>
      </p>
      {shown.expiresAt && <p>{t('admin.code.expires', { when: formatDateTime(shown.expiresAt) })}</p>}
      <p>{t('admin.code.handOver')}</p>
      {shown.awaitingApproval && <p>{t('admin.code.awaitingApproval')}</p>}
      <div className="vink-row-actions">
        <button type="button" className="button button-secondary" onClick={() => {
          void navigator.clipboard?.writeText(shown.code).then(() => setCopied(true), () => setCopied(false));
        }}>
          {t('admin.code.copy')}
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>{t('admin.code.done')}</button>
      </div>
      <LiveRegion>{copied && <span>{t('admin.code.copied')}</span>}</LiveRegion>
    </section>
  );
}

/**
 * The role, with a separate save button: changing a select must not change anything by itself (WCAG 3.2.2). A role
 * that needs approval asks for the reason the manager or DPO will see.
 */
function RoleCell({ user, editable, onSave }: { user: User; editable: boolean; onSave(role: Role, reason?: string): void }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>(user.role);
  const [reason, setReason] = useState('');
  if (!editable) return <>{t(`roles.${user.role}`)}</>;
  const needsReason = role !== user.role && grantNeedsApproval(role);
  return (
    <div className="vink-row-actions">
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        {t('admin.roleOf', { name: user.displayName })}
      </label>
      <select id={`role-${user.id}`} className="form-select vink-inline-select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {UNIT_ROLES.map((r) => (
          <option key={r} value={r}>{t(`roles.${r}`)}</option>
        ))}
      </select>
      {needsReason && (
        <>
          <label className="sr-only" htmlFor={`reason-${user.id}`}>{t('admin.reasonFor', { name: user.displayName })}</label>
          <input id={`reason-${user.id}`} className="form-input vink-inline-select" value={reason} placeholder={t('admin.reason')}
            onChange={(e) => setReason(e.target.value)} />
        </>
      )}
      <button type="button" className="button button-tertiary" disabled={role === user.role || (needsReason && !reason.trim())}
        onClick={() => onSave(role, needsReason ? reason.trim() : undefined)}>
        {t(needsReason ? 'admin.requestRole' : 'admin.saveRole')}<span className="sr-only"> {t('admin.for', { name: user.displayName })}</span>
      </button>
    </div>
  );
}

/**
 * The new user as typed, turned into the request body and checked with the server's contract (UserInput). No
 * password: the server issues a one-time enrolment code. A role that needs approval needs a reason.
 */
const NewUserDraft = z
  .object({ role: z.string(), displayName: z.string(), username: z.string(), organisation: z.string(), reason: z.string() })
  .transform(({ organisation, reason, ...d }) => ({ ...d, ...(organisation.trim() ? { organisation } : {}), ...(reason.trim() ? { reason } : {}) }))
  .pipe(UserInput)
  .refine((d) => !grantNeedsApproval(d.role) || !!d.reason, { path: ['reason'], message: 'is required for this role' });

const EMPTY_USER = { role: 'adviser', displayName: '', username: '', organisation: '', reason: '' };

/** onAttempt: a new attempt starts, so the page clears its last success notice (D21). */
function CreateUserForm({ onCreated, onAttempt }: { onCreated(u: UserWithCode): void; onAttempt(): void }) {
  const { t } = useTranslation();
  const draft = useForm({ resolver: zodResolver(NewUserDraft), defaultValues: EMPTY_USER, shouldFocusError: false });
  const form = useFormErrors();
  const refresh = useRefresh();
  const create = useMutation({
    mutationFn: async (body: z.output<typeof NewUserDraft>) => (await apiPost<UserWithCode>(USERS, body)).body,
    onSuccess: () => refresh(USERS),
  });
  const fields: FieldMap = {
    role: { target: 'new-role', message: t('admin.errors.role') },
    displayName: { target: 'new-name', message: t('admin.errors.displayName') },
    username: { target: 'new-username', message: t('admin.errors.username') },
    organisation: { target: 'new-organisation', message: t('admin.errors.organisation') },
    reason: { target: 'new-reason', message: t('admin.errors.reason') },
  };
  const submit = draft.handleSubmit(
    async (body) => {
      if (create.isPending) return;
      form.check([]);
      onAttempt();
      try {
        const user = await create.mutateAsync(body);
        draft.reset(EMPTY_USER);
        onCreated(user);
      } catch (error) {
        // A taken username is a conflict on this form, not someone else's edit.
        if (error instanceof ApiError && error.status === 409) form.check([{ ...fields.username!, message: t('admin.errors.usernameTaken') }]);
        else form.fromError(error, fields, t);
      }
    },
    (invalid) => {
      onAttempt();
      form.fromInvalid(invalid, fields, t);
    },
  );
  return (
    <section className="vink-action" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">{t('admin.createHeading')}</h2>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-busy={create.isPending} aria-labelledby="create-user-heading">
        <SelectField id="new-role" label={t('admin.role')} {...draft.register('role')}
          options={UNIT_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} error={form.errorFor('new-role')} />
        <TextField id="new-name" label={t('admin.displayName')} autoComplete="off" {...draft.register('displayName')} error={form.errorFor('new-name')} />
        <TextField id="new-username" label={t('admin.username')} hint={t('admin.usernameHint')} autoComplete="off" autoCapitalize="none"
          spellCheck={false} {...draft.register('username')} error={form.errorFor('new-username')} />
        <TextField id="new-organisation" label={t('admin.organisation')} hint={t('admin.organisationHint')} autoComplete="off"
          {...draft.register('organisation')} error={form.errorFor('new-organisation')} />
        <TextField id="new-reason" label={t('admin.reason')} hint={t('admin.reasonHint')} autoComplete="off"
          {...draft.register('reason')} error={form.errorFor('new-reason')} />
        <button type="submit" className="button button-primary">{t('admin.create')}</button>
      </form>
    </section>
  );
}
