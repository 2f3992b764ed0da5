import type { InputHTMLAttributes, Ref } from 'react';
import { useTranslation } from 'react-i18next';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'style'> {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  ref?: Ref<HTMLInputElement>;
  /** Extra class for the input, e.g. a width modifier. */
  inputClassName?: string;
}

/** A DKFDS text input with its label, hint and error message bound to it. */
export function TextField({ id, label, hint, error, ref, inputClassName, ...input }: TextFieldProps) {
  const { t } = useTranslation();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'form-group form-error' : 'form-group'}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <span className="form-hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="form-error-message" id={errorId}>
          <span className="sr-only">{t('errors.prefix')} </span>
          {error}
        </span>
      )}
      <input
        {...input}
        ref={ref}
        id={id}
        className={inputClassName ? `form-input ${inputClassName}` : 'form-input'}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
