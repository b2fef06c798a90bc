import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error';
import { currentUser } from '../api/auth-api';
import { listDevices, type DeviceView } from '../api/devices-api';
import { EVENT_NAME, EVENTS_STREAM_URL, eventFromResource, eventLabel, listEvents, mergeEvents, type EventView } from '../api/events-api';
import { AuthForm } from '../auth/auth-form';
import { messageOf, useSession } from '../auth/use-session';
import { BrandHeader } from '../brand-header';
import { formatDateTime } from '../format';

type Live = 'connecting' | 'live' | 'offline';

const DEVICE_EVENTS = new Set(['device_added', 'device_removed', 'device_online', 'device_offline', 'app_integration_removed']);
/** The catalog applies a device event on its own (a fetch from Ring for `device_added`): read again a little later too. */
const DEVICE_REFRESH_DELAYS_MS = [0, 1000, 3000];

/**
 * Route `/devices`: the devices of the user's linked Ring accounts and their events, live (Server-Sent Events from
 * `/api/events/stream`). A device event refreshes the device list, so the page follows Ring.
 */
export function DevicesPage() {
  const [session, setSession] = useSession();
  const [devices, setDevices] = useState<DeviceView[] | null>(null);
  const [events, setEvents] = useState<EventView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<Live>('connecting');
  const lastEventId = useRef<string | null>(null);

  useEffect(() => {
    document.title = 'Ringside · Devices';
  }, []);

  const signedIn = session.kind === 'signed-in';
  const loadDevices = useCallback((signal?: AbortSignal) => {
    listDevices(signal).then(
      (list) => {
        setDevices(list);
        setError(null);
      },
      (caught: unknown) => {
        if (signal?.aborted) return;
        if (caught instanceof ApiError && caught.status === 401) setSession({ kind: 'signed-out' });
        else setError(`Could not load your devices. ${messageOf(caught)}`);
      },
    );
  }, [setSession]);

  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    loadDevices(controller.signal);
    listEvents(controller.signal).then(
      (list) => setEvents((current) => mergeEvents(current, list)),
      (caught: unknown) => {
        if (!controller.signal.aborted) setError(`Could not load your events. ${messageOf(caught)}`);
      },
    );
    return () => controller.abort();
  }, [signedIn, loadDevices]);

  useEffect(() => {
    if (!signedIn) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const refreshes = new Set<ReturnType<typeof setTimeout>>();
    const refreshDevices = () => {
      for (const delay of DEVICE_REFRESH_DELAYS_MS) {
        const timer = setTimeout(() => {
          refreshes.delete(timer);
          loadDevices();
        }, delay);
        refreshes.add(timer);
      }
    };
    const open = () => {
      const since = lastEventId.current ? `?last_event_id=${encodeURIComponent(lastEventId.current)}` : '';
      source = new EventSource(`${EVENTS_STREAM_URL}${since}`);
      source.onopen = () => setLive('live');
      source.addEventListener(EVENT_NAME, (message: MessageEvent<string>) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(message.data);
        } catch {
          return;
        }
        const event = eventFromResource(parsed);
        if (!event) return;
        lastEventId.current = event.id;
        setEvents((current) => mergeEvents(current, [event]));
        if (DEVICE_EVENTS.has(event.eventType)) refreshDevices();
      });
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return setLive('connecting');
        // Closed for good (e.g. the short-lived session JWT expired): refresh the session, then reconnect.
        setLive('offline');
        retry = setTimeout(() => {
          if (closed) return;
          void currentUser().then(
            (user) => (user ? open() : setSession({ kind: 'signed-out' })),
            () => open(),
          );
        }, 3000);
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      for (const timer of refreshes) clearTimeout(timer);
      source?.close();
    };
  }, [signedIn, loadDevices, setSession]);

  const names = new Map((devices ?? []).map((d) => [d.id, d.name]));

  return (
    <main className="page page--narrow">
      <BrandHeader subtitle="Devices and events">
        <a className="button button--secondary" href="/ring/config">
          Ring accounts
        </a>
      </BrandHeader>

      {session.kind === 'loading' ? (
        <p className="panel panel--loading" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading…
        </p>
      ) : null}
      {session.kind === 'failed' ? (
        <div className="panel panel--error" role="alert">
          <p>
            <strong>Could not check your session.</strong> {session.message}
          </p>
        </div>
      ) : null}
      {session.kind === 'signed-out' ? (
        <AuthForm initialMode="sign-in" intro={{ 'sign-in': 'Sign in to see your Ring devices.' }} onSignedIn={(user) => setSession({ kind: 'signed-in', user })} />
      ) : null}
      {error ? (
        <div className="panel panel--error" role="alert" data-testid="devices-error">
          <p>{error}</p>
        </div>
      ) : null}

      {signedIn && devices ? (
        <section aria-labelledby="devices-heading">
          <h2 id="devices-heading">Devices</h2>
          {devices.length === 0 ? (
            <p className="panel" data-testid="no-devices">
              No devices yet. Link a Ring account from the Ring app and share devices with Ringside.
            </p>
          ) : (
            <ul className="accounts" aria-label="Devices">
              {devices.map((d) => (
                <li className="account" key={d.id} data-testid={`device-${d.id}`}>
                  <div className="account__main">
                    <p className="account__identifier">{d.name}</p>
                    <p className="account__id muted">
                      <code>{d.id}</code>
                    </p>
                  </div>
                  <span className={`badge ${d.online === true ? 'badge--ok' : d.online === false ? 'badge--bad' : 'badge--warn'}`} data-testid="device-status">
                    {d.online === true ? 'online' : d.online === false ? 'offline' : 'unknown'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {signedIn ? (
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">
            Events{' '}
            <span className={`badge ${live === 'live' ? 'badge--ok' : 'badge--warn'}`} data-testid="live-status">
              {live}
            </span>
          </h2>
          {events.length === 0 ? (
            <p className="panel muted" data-testid="no-events">
              Nothing yet. Motion, doorbell presses and device changes appear here as Ring reports them.
            </p>
          ) : (
            <ol className="accounts" aria-label="Events" data-testid="events">
              {events.map((e) => (
                <li className="account" key={e.id} data-testid="event" data-event-type={e.eventType}>
                  <div className="account__main">
                    <p className="account__identifier">{eventLabel(e)}</p>
                    <p className="muted">
                      {e.deviceId ? `${names.get(e.deviceId) ?? e.deviceId} · ` : ''}
                      <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
                    </p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
    </main>
  );
}
