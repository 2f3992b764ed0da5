import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
// The directory module's contract imports nothing of the server, so the web may use its type.
import type { DirectoryEntry as DirectoryEntrySchema } from '../../server/modules/directory/contracts.ts';
import { apiGet, query } from '../api/client.ts';
import { resourceKey } from '../api/queries.ts';
import type { Role } from '../api/auth.ts';
import { SelectField } from './forms.tsx';
import { TextField } from './TextField.tsx';
import './directory-picker.css';

/**
 * The staff directory (GET /api/v1/directory): the colleagues a user may pick as mentor, member, police liaison or
 * partner: the own unit's staff and the police liaisons and partners of the same police district. Used by the case
 * page, the concern page ("share with the police") and the DPO's log.
 *
 * Only the role filter is sent. The directory's free-text filter (q=) is never used: a name typed into it would end
 * up in a URL (history, proxy and server logs), and the lists are short enough for a native select.
 */
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

const DIRECTORY = '/api/v1/directory';

export interface Directory {
  entries: DirectoryEntry[];
  loading: boolean;
  /** The directory could not be read (refused, missing or failed): the picker falls back to typing a user id. */
  unavailable: boolean;
}

/**
 * The directory entries of the given roles (all the actor may pick when roles is undefined), sorted by name. One
 * request per role, so the result does not depend on the server accepting a list in one parameter.
 */
export function useDirectory(roles: readonly Role[] | undefined): Directory {
  const paths = roles === undefined ? [DIRECTORY] : [...roles].sort().map((role) => `${DIRECTORY}${query({ role })}`);
  return useQueries({
    queries: paths.map((path) => ({ queryKey: resourceKey(path), queryFn: async () => (await apiGet<DirectoryEntry[]>(path)).body })),
    combine: (answers) => {
      const byId = new Map<string, DirectoryEntry>();
      for (const a of answers) for (const e of a.data ?? []) byId.set(e.id, e);
      const unavailable = answers.some((a) => a.isError);
      return {
        entries: unavailable ? [] : [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'da')),
        loading: answers.some((a) => a.isPending),
        unavailable,
      };
    },
  });
}

/** "Peter Vang (Politiets tovholder, Københavns Politi)": name, role and where the person works. */
export function useEntryLabel(): (e: DirectoryEntry) => string {
  const { t } = useTranslation();
  return (e) => {
    const place = e.organisation || e.unitName;
    return `${e.displayName} (${[t(`roles.${e.role}`, { defaultValue: e.role }), place].filter(Boolean).join(', ')})`;
  };
}

interface PickerProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | null | undefined;
  /** The chosen user's id ('' for none). */
  value: string;
  onChange(userId: string, entry: DirectoryEntry | undefined): void;
  /** Only these roles (all the actor may pick when left out). */
  roles?: readonly Role[];
  /** Leave these users out (e.g. those already on the case). */
  exclude?: readonly string[];
  /** The first option's text when nothing is chosen. */
  placeholder?: string;
}

/**
 * Picks a colleague from the directory with a native select (keyboard, screen readers and type-ahead as they are).
 * When the directory cannot be read, the user can still give the colleague's user id, as before the directory.
 */
export function DirectoryPicker({ id, label, hint, error, value, onChange, roles, exclude, placeholder }: PickerProps) {
  const { t } = useTranslation();
  const directory = useDirectory(roles);
  const labelOf = useEntryLabel();
  const entries = useMemo(() => directory.entries.filter((e) => !exclude?.includes(e.id)), [directory.entries, exclude]);

  if (directory.unavailable) {
    return (
      <TextField id={id} label={t('directory.idLabel', { label })} hint={t('directory.unavailable')} autoComplete="off" spellCheck={false}
        value={value} onChange={(e) => onChange(e.target.value.trim(), undefined)} error={error ?? null} />
    );
  }
  const empty = !directory.loading && entries.length === 0;
  return (
    <div className="vink-directory-picker">
    <SelectField
      id={id}
      label={label}
      hint={directory.loading ? t('directory.loading') : empty ? t('directory.empty') : hint}
      error={error}
      value={value}
      aria-busy={directory.loading || undefined}
      onChange={(e) => onChange(e.target.value, entries.find((x) => x.id === e.target.value))}
      options={[{ value: '', label: placeholder ?? t('directory.choose') }, ...entries.map((e) => ({ value: e.id, label: labelOf(e) }))]}
    />
    </div>
  );
}
