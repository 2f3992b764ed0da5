import { useEffect, useRef, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * DKFDS form controls with their label, hint and error bound by id (aria-describedby), and groups as
 * fieldset/legend. Native controls only: they work with the keyboard, screen readers and autofill as they are.
 */

function describedBy(id: string, hint?: string, error?: string | null): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function HintAndError({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | null | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      {hint && (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="form-error-message" id={`${id}-error`}>
          <span className="sr-only">{t('errors.prefix')} </span>
          {error}
        </span>
      )}
    </>
  );
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className' | 'style'> {
  id: string;
  label: string;
  hint?: string;
  error?: string | null | undefined;
  options: { value: string; label: string }[];
  ref?: Ref<HTMLSelectElement>;
}

export function SelectField({ id, label, hint, error, options, ref, ...select }: SelectFieldProps) {
  return (
    <div className={error ? 'form-group form-error' : 'form-group'}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      <select
        {...select}
        ref={ref}
        id={id}
        className="form-select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className' | 'style'> {
  id: string;
  label: string;
  hint?: string;
  error?: string | null | undefined;
  ref?: Ref<HTMLTextAreaElement>;
}

export function TextArea({ id, label, hint, error, ref, ...area }: TextAreaProps) {
  return (
    <div className={error ? 'form-group form-error' : 'form-group'}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      <textarea
        rows={4}
        {...area}
        ref={ref}
        id={id}
        className="form-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}

interface ChoiceGroupProps {
  /** The group's id; each option's input gets `${id}-${value}`, and the first one is where an error links to. */
  id: string;
  legend: string;
  hint?: string;
  error?: string | null | undefined;
  options: { value: string; label: string; hint?: string }[];
  children?: ReactNode;
}

/** Radio buttons in a fieldset. Arrow keys move the choice; Tab leaves the group. */
export function RadioGroup({
  id, legend, hint, error, options, name, value, onChange, children,
}: ChoiceGroupProps & { name: string; value: string; onChange(value: string): void }) {
  return (
    <div className={error ? 'form-group form-error' : 'form-group'}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend className="form-label">{legend}</legend>
        <HintAndError id={id} hint={hint} error={error} />
        {options.map((o) => (
          <div className="form-group-radio" key={o.value}>
            <input
              className="form-radio"
              type="radio"
              id={`${id}-${o.value}`}
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <label className="form-label" htmlFor={`${id}-${o.value}`}>
              {o.label}
            </label>
            {o.hint && <span className="form-hint">{o.hint}</span>}
          </div>
        ))}
        {children}
      </fieldset>
    </div>
  );
}

/** Checkboxes in a fieldset; value is the list of checked values. */
export function CheckboxGroup({
  id, legend, hint, error, options, name, value, onChange, children,
}: ChoiceGroupProps & { name: string; value: string[]; onChange(value: string[]): void }) {
  return (
    <div className={error ? 'form-group form-error' : 'form-group'}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend className="form-label">{legend}</legend>
        {children}
        <HintAndError id={id} hint={hint} error={error} />
        {options.map((o) => (
          <div className="form-group-checkbox" key={o.value}>
            <input
              className="form-checkbox"
              type="checkbox"
              id={`${id}-${o.value}`}
              name={name}
              value={o.value}
              checked={value.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
            />
            <label className="form-label" htmlFor={`${id}-${o.value}`}>
              {o.label}
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/** A single checkbox (e.g. "anonymous reporter"). */
export function Checkbox({
  id, label, checked, onChange, hint,
}: { id: string; label: string; checked: boolean; onChange(checked: boolean): void; hint?: string }) {
  return (
    <div className="form-group">
      <div className="form-group-checkbox">
        <input
          className="form-checkbox"
          type="checkbox"
          id={id}
          checked={checked}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label className="form-label" htmlFor={id}>
          {label}
        </label>
        {hint && (
          <span className="form-hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
      </div>
    </div>
  );
}

export interface SummaryError {
  /** The id of the input (or first radio) the error belongs to. */
  target: string;
  message: string;
}

/**
 * The error summary at the top of a form (DKFDS "fejlopsummering"). It takes focus each time a submit fails (attempt
 * changes), and each entry links to its field.
 */
export function ErrorSummary({ errors, attempt }: { errors: SummaryError[]; attempt: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length && attempt > 0) ref.current?.focus();
    // Focus once per failed submit, not on each keystroke that changes the list.
  }, [attempt]);
  if (!errors.length) return null;
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-error vink-error-summary" role="alert" aria-labelledby="error-summary-heading">
      <div className="alert-body">
        <h2 className="alert-heading" id="error-summary-heading">
          {t('errors.summaryHeading')}
        </h2>
        <ul className="alert-text nobullet-list">
          {errors.map((e) => (
            <li key={e.target + e.message}>
              <a
                href={`#${e.target}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(e.target)?.focus();
                }}
              >
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
