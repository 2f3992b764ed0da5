import type { Ref } from 'react';
import { TextField } from '../../components/TextField.tsx';

interface Props {
  id: string;
  label: string;
  hint: string;
  value: string;
  error: string | null;
  onChange(value: string): void;
  ref?: Ref<HTMLInputElement>;
}

/** A 6-digit one-time code from an authenticator app. */
export function CodeField({ id, label, hint, value, error, onChange, ref }: Props) {
  return (
    <TextField
      id={id}
      name="code"
      label={label}
      hint={hint}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      inputClassName="input-width-xs"
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
      ref={ref}
    />
  );
}

/** The code with spaces removed, or null when it is not 6 digits. */
export function normaliseCode(value: string): string | null {
  const code = value.replace(/\s/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}
