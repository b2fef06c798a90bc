import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { signOut } from '../api/auth-api';
import { deleteLink, listLinks, type LinkedAccount } from '../api/links-api';
import { AuthForm } from '../auth/auth-form';
import { messageOf, useSession } from '../auth/use-session';
import { BrandHeader } from '../brand-header';
import { LinkedAccountRow } from './linked-account-row';

/** Route `/ring/config`, the App Homepage Ring links to: the signed-in user's linked Ring accounts. */
export function RingConfigPage() {
  const [attempt, setAttempt] = useState(0);
  const [session, setSession] = useSession(attempt);
  const [accounts, setAccounts] = useState<LinkedAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unlinking, setUnlinking] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Ringside · Your Ring accounts';
  }, []);

  const signedIn = session.kind === 'signed-in';
  const load = useCallback((signal?: AbortSignal) => {
    return listLinks(signal).then(
      (list) => {
        setAccounts(list);
        setError(null);
      },
      (caught: unknown) => {
        if (signal?.aborted) return;
        if (caught instanceof ApiError && caught.status === 401) setSession({ kind: 'signed-out' });
        else setError(`Could not load your Ring accounts. ${messageOf(caught)}`);
      },
    );
  }, [setSession]);

  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [signedIn, load]);

  async function unlink(account: LinkedAccount) {
    const label = account.accountIdentifier ?? account.ringAccountId;
    if (unlinking || !window.confirm(`Unlink the Ring account ${label}? Ringside will stop seeing its devices.`)) return;
    setUnlinking(account.ringAccountId);
    try {
      await deleteLink(account.ringAccountId);
      await load();
    } catch (caught) {
      setError(`Could not unlink ${label}. ${messageOf(caught)}`);
    } finally {
      setUnlinking(null);
    }
  }

  async function leave() {
    try {
      await signOut();
    } catch (caught) {
      setError(`Could not sign out. ${messageOf(caught)}`);
      return;
    }
    setAccounts(null);
    setSession({ kind: 'signed-out' });
  }

  return (
    <main className="page page--narrow">
      <BrandHeader subtitle="Your Ring accounts">
        {session.kind === 'signed-in' ? (
          <>
            <a className="button button--secondary" href="/devices" data-testid="devices-link">
              Devices
            </a>
            <span className="muted" data-testid="signed-in-as">
              {session.user.email}
            </span>
            <button type="button" className="button button--secondary" data-testid="sign-out" onClick={() => void leave()}>
              Sign out
            </button>
          </>
        ) : null}
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
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : null}

      {session.kind === 'signed-out' ? (
        <AuthForm
          initialMode="sign-in"
          intro={{ 'sign-in': 'Sign in to see and manage the Ring accounts linked to Ringside.' }}
          onSignedIn={(user) => setSession({ kind: 'signed-in', user })}
        />
      ) : null}

      {error ? (
        <div className="panel panel--error" role="alert" data-testid="config-error">
          <p>{error}</p>
          <button type="button" className="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : null}

      {session.kind === 'signed-in' && accounts ? (
        <section aria-labelledby="accounts-heading">
          <h2 id="accounts-heading" className="visually-hidden">
            Linked Ring accounts
          </h2>
          {accounts.length === 0 ? (
            <div className="panel" data-testid="no-links">
              <h3>No Ring account linked yet</h3>
              <p>
                To link one, open the Ring app, find Ringside in the App Store, choose the devices to share and press
                Confirm. Ring then brings you back here to finish.
              </p>
            </div>
          ) : (
            <ul className="accounts" aria-label="Linked Ring accounts">
              {accounts.map((account) => (
                <LinkedAccountRow
                  key={account.ringAccountId}
                  account={account}
                  busy={unlinking === account.ringAccountId}
                  onUnlink={(a) => void unlink(a)}
                />
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </main>
  );
}
