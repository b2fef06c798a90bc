import type { ReactElement } from 'react';
import { NotFoundPage } from './not-found-page';
import { StatusPage } from './status/status-page';

/** The pages by path. The gateway answers every client-side path with index.html, so deep links land here. */
const ROUTES: Record<string, () => ReactElement> = {
  '/': () => <StatusPage />,
};

function normalise(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

export function App({ pathname }: { pathname: string }) {
  const page = ROUTES[normalise(pathname)];
  return page ? page() : <NotFoundPage path={pathname} />;
}
