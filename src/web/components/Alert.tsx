import type { ReactNode } from 'react';
import iconSprite from '@dkfds/img/all-svg-icons.svg';

type Variant = 'error' | 'success' | 'info' | 'warning';

/** A DKFDS alert box. Announcing it is the job of the LiveRegion it sits in. */
export function Alert({ variant, children }: { variant: Variant; children: ReactNode }) {
  return (
    <div className={`alert alert-${variant}`}>
      <svg className="icon-svg alert-icon" aria-hidden="true" focusable="false">
        <use href={`${iconSprite}#${variant}`} />
      </svg>
      <p className="alert-text">{children}</p>
    </div>
  );
}

/**
 * A live region that exists before its content does, so screen readers reliably announce what appears in it.
 * Errors are assertive (role=alert); confirmations are polite (role=status).
 */
export function LiveRegion({ assertive, children }: { assertive?: boolean; children: ReactNode }) {
  return (
    <div role={assertive ? 'alert' : 'status'} className="vink-live-region">
      {children}
    </div>
  );
}
