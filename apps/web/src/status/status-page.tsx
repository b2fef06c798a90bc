import { useEffect } from 'react';
import { formatClock } from '../format';
import { OverallBadge } from './overall-badge';
import { ServiceRow } from './service-row';
import { REFRESH_INTERVAL_MS, useSystemStatus } from './use-system-status';

/** Route `/`: every service behind the gateway, its version, uptime and dependencies, refreshed every 5 s. */
export function StatusPage() {
  const { status, error, retry } = useSystemStatus();

  useEffect(() => {
    document.title = status ? `Ringside · ${status.ready ? 'All systems ready' : 'Degraded'}` : 'Ringside';
  }, [status]);

  const readyCount = status?.services.filter((s) => s.ready).length ?? 0;

  return (
    <main className="page">
      <header className="page__header">
        <div>
          <h1 className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Ringside
          </h1>
          <p className="page__subtitle">System status</p>
        </div>
        <div aria-live="polite">{status ? <OverallBadge ready={status.ready} /> : null}</div>
      </header>

      {!status && !error ? (
        <p className="panel panel--loading" role="status" data-testid="loading">
          <span className="spinner" aria-hidden="true" />
          Checking every service…
        </p>
      ) : null}

      {error ? (
        <div
          className={`panel ${status ? 'panel--warn' : 'panel--error'}`}
          role="alert"
          data-testid="status-error"
        >
          <p>
            <strong>{status ? 'Could not refresh the status.' : 'Could not load the status.'}</strong> {error}
            {status ? ' Showing the last known state.' : ''}
          </p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : null}

      {status ? (
        <section aria-labelledby="services-heading">
          <div className="section__header">
            <h2 id="services-heading">Services</h2>
            <p className="muted" data-testid="summary">
              {readyCount} of {status.services.length} ready · checked at{' '}
              <time dateTime={status.checkedAt}>{formatClock(status.checkedAt)}</time> · refreshes every{' '}
              {REFRESH_INTERVAL_MS / 1000} s
            </p>
          </div>
          <div className="table-wrap">
            <table className="services">
              <caption className="visually-hidden">
                Readiness, version, uptime and dependencies of each service
              </caption>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">State</th>
                  <th scope="col">Version</th>
                  <th scope="col">Uptime</th>
                  <th scope="col">Dependencies</th>
                  <th scope="col" className="num">
                    Answered in
                  </th>
                </tr>
              </thead>
              <tbody>
                {status.services.map((entry) => (
                  <ServiceRow key={entry.service} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </main>
  );
}
