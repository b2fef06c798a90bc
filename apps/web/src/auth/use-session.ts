import { useEffect, useState } from 'react';
import { currentUser, type SignedInUser } from '../api/auth-api';

export type Session = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; user: SignedInUser } | { kind: 'failed'; message: string };

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/**
 * The signed-in user of a page (`GET /api/auth/me`), asked again whenever `attempt` changes (a "Try again").
 * The setter lets the page record a sign-in, a sign-out or a 401 seen later.
 */
export function useSession(attempt = 0): [Session, (session: Session) => void] {
  const [session, setSession] = useState<Session>({ kind: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    currentUser(controller.signal)
      .then((user) => setSession(user ? { kind: 'signed-in', user } : { kind: 'signed-out' }))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setSession({ kind: 'failed', message: messageOf(caught) });
      });
    return () => controller.abort();
  }, [attempt]);
  return [session, setSession];
}
