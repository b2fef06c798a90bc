import type { ReactElement } from 'react';
import { DevicesPage } from './devices/devices-page';
import { NotFoundPage } from './not-found-page';
import { RingConfigPage } from './ring/ring-config-page';
import { RingLinkPage } from './ring/ring-link-page';
import { StatusPage } from './status/status-page';

interface Location {
  pathname: string;
  /** The query string, with its `?` (`location.search`). */
  search: string;
}

/** The pages by path. The gateway answers every client-side path with index.html, so deep links land here. */
const ROUTES: Record<string, (location: Location) => ReactElement> = {
  '/': () => <StatusPage />,
  '/ring/link': ({ search }) => <RingLinkPage search={search} />,
  '/ring/config': () => <RingConfigPage />,
  '/devices': () => <DevicesPage />,
};

function normalise(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

export function App({ pathname, search = '' }: { pathname: string; search?: string }) {
  const page = ROUTES[normalise(pathname)];
  return page ? page({ pathname, search }) : <NotFoundPage path={pathname} />;
}
