import { useCallback, useState } from 'react';
import type { FieldErrors } from 'react-hook-form';
import { ApiError } from '../api/client.ts';
import { generalErrorKey } from './errors.ts';
import type { SummaryError } from './forms.tsx';

/**
 * A field path of the request body (e.g. "reporter.name", "ratings.3.risk") → the input it belongs to and what to tell
 * the user. The same paths name the shared zod schema's issues in the browser and the server's errors[].field, so one
 * map serves both. List the entries in the form's order: the error summary follows it.
 */
export type FieldMap = Record<string, { target: string; message: string }>;

/** The entry for a field path: the path itself, or the nearest enclosing one ("reporter" for "reporter.name"). */
function entryFor(fields: FieldMap, path: string): FieldMap[string] | undefined {
  // The server writes array indexes as ratings[3]; zod as ratings.3.
  let p = path.replace(/\[(\d+)\]/g, '.$1');
  for (;;) {
    if (fields[p]) return fields[p];
    const dot = p.lastIndexOf('.');
    if (dot < 0) return undefined;
    p = p.slice(0, dot);
  }
}

/** The dotted paths of react-hook-form's nested errors (what the zod resolver found), depth first. */
function errorPaths(errors: FieldErrors, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    // A leaf is a FieldError (type, message, ref): never walk into it, its ref is a DOM element.
    if ('type' in value && typeof value.type === 'string') out.push(path);
    else out.push(...errorPaths(value as FieldErrors, path));
  }
  return out;
}

/**
 * The summary of what the zod resolver found: one entry per input, in the field map's order; unmapped is true when a
 * path has no input (the form then says, in general words, that something is wrong).
 */
export function summaryOf(invalid: FieldErrors, fields: FieldMap): { errors: SummaryError[]; unmapped: boolean } {
  const found = new Map<string, SummaryError>();
  let unmapped = false;
  for (const path of errorPaths(invalid)) {
    const entry = entryFor(fields, path);
    if (entry) found.set(entry.target, entry);
    else unmapped = true;
  }
  const order = Object.values(fields).map((f) => f.target);
  return { errors: [...found.values()].sort((a, b) => order.indexOf(a.target) - order.indexOf(b.target)), unmapped };
}

/**
 * Field errors for one form: checked in the browser first (the shared zod schema through react-hook-form, or a
 * form's own checks), then the server's problem+json errors[].field mapped to the inputs. Messages are the app's own translated text; the server's technical reasons are never shown.
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
   * Shows what the shared schema found wrong in the browser (react-hook-form's errors from the zod resolver), one entry
   * per input, in the form's order.
   */
  const fromInvalid = useCallback(
    (invalid: FieldErrors, fields: FieldMap, t: (key: string) => string) => {
      const { errors: list, unmapped } = summaryOf(invalid, fields);
      setErrors(list);
      setFormError(unmapped || !list.length ? t('errors.invalidInput') : null);
      setConflict(false);
      setAttempt((a) => a + 1);
    },
    [],
  );

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
        const mapped = entryFor(fields, e.field);
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

  return { errors, attempt, formError, conflict, check, fromInvalid, fromError, errorFor, clear };
}
