import type { ReactNode } from 'react';

/** The Ringside brand with a subtitle, and optional content on the right (a sign-out button…). */
export function BrandHeader({ subtitle, children }: { subtitle: string; children?: ReactNode }) {
  return (
    <header className="page__header">
      <div>
        <p className="brand brand--small">
          <span className="brand__mark" aria-hidden="true" />
          Ringside
        </p>
        <h1 className="page__title">{subtitle}</h1>
      </div>
      {children ? <div className="page__actions">{children}</div> : null}
    </header>
  );
}
