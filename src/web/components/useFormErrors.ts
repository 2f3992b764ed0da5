import { useCallback, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { generalErrorKey } from './errors.ts';
import type { SummaryError } from './forms.tsx';

/** A server field path (errors[].field, e.g. "reporter.name") → the input it belongs to and what to tell the user. */
export type FieldMap = Record<string, { target: string; message: string }>;

/**
 * Field errors for one form: checked in the browser first, then the server's problem+json errors[].field mapped to
 * the inputs. Messages are the app's own translated text; the server's technical reasons are never shown.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);

  const clear = useCallback(() => {
    setErrors([]);
    setFormError(null);
    setConflict(false);
  }, []);

  /** Shows errors found before sending; returns true when there were none. */
  const check = useCallback((found: SummaryError[]) => {
    setErrors(found);
    setFormError(null);
    setConflict(false);
    if (found.length) setAttempt((a) => a + 1);
    return found.length === 0;
  }, []);

  /**
   * Shows what a failed request means for the form: field errors next to their inputs, a conflict (409) as its own
   * message, anything else as a general error. `t` translates the general keys; `fields` maps server fields.
   */
  const fromError = useCallback((error: unknown, fields: FieldMap, t: (key: string) => string) => {
    if (error instanceof ApiError && error.status === 409) {
      setErrors([]);
      setConflict(true);
      setFormError(null);
      setAttempt((a) => a + 1);
      return;
    }
    if (error instanceof ApiError && error.status === 400 && error.problem.errors?.length) {
      const found: SummaryError[] = [];
      const unknown: string[] = [];
      for (const e of error.problem.errors) {
        const mapped = fields[e.field] ?? Object.entries(fields).find(([k]) => e.field.startsWith(`${k}.`))?.[1];
        if (mapped && !found.some((f) => f.target === mapped.target)) found.push(mapped);
        else if (!mapped) unknown.push(e.field);
      }
      setErrors(found);
      setFormError(unknown.length || !found.length ? t('errors.invalidInput') : null);
      setConflict(false);
      setAttempt((a) => a + 1);
      return;
    }
    setErrors([]);
    setConflict(false);
    setFormError(t(generalErrorKey(error)));
    setAttempt((a) => a + 1);
  }, []);

  /** The error message for one input, or undefined. */
  const errorFor = useCallback((target: string) => errors.find((e) => e.target === target)?.message, [errors]);

  return { errors, attempt, formError, conflict, check, fromError, errorFor, clear };
}
