import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error';
import { currentUser, signOut, type SignedInUser } from '../api/auth-api';
import { createLink, fetchPrefill, type LinkRequest } from '../api/links-api';
import { AuthForm } from '../auth/auth-form';
import { BrandHeader } from '../brand-header';
import { LinkProblemView } from './link-problem-view';
import { parseLinkParams } from './link-params';
import { linkProblem, type LinkProblem } from './link-problems';

export const CONFIG_PATH = '/ring/config';

type View =
  | { kind: 'loading' }
  | { kind: 'problem'; problem: LinkProblem }
  | { kind: 'failed'; message: string }
  | { kind: 'sign-up'; email: string | null }
  | { kind: 'confirm'; user: SignedInUser; error: string | null }
  | { kind: 'linking'; user: SignedInUser | null }
  | { kind: 'linked' };

function problemOrMessage(error: unknown): { problem: LinkProblem } | { message: string } {
  if (error instanceof ApiError) {
    const problem = linkProblem(error.code);
    return problem ? { problem } : { message: error.message };
  }
  return { message: 'Something went wrong. Please try again.' };
}

/**
 * Route `/ring/link?nonce&time`, the Account Link URL (reference 6.3): Ring sends the browser here after the user
 * confirms the app. The user signs in (or signs up, e-mail pre-filled from Ring) and the link is made on an explicit
 * action; then on to the App Homepage.
 */
export function RingLinkPage({ search }: { search: string }) {
  const [params] = useState(() => parseLinkParams(search));
  const [view, setView] = useState<View>(() =>
    params.ok ? { kind: 'loading' } : { kind: 'problem', problem: linkProblem(params.problem) as LinkProblem },
  );
  const [attempt, setAttempt] = useState(0);
  const [prefillEmail, setPrefillEmail] = useState<string | null>(null);
  const linkInFlight = useRef(false);
  const link: LinkRequest | null = params.ok ? params.link : null;

  useEffect(() => {
    document.title = 'Ringside · Link your Ring account';
  }, []);

  useEffect(() => {
    if (!link) return;
    const controller = new AbortController();
    Promise.all([fetchPrefill(link, controller.signal), currentUser(controller.signal)])
      .then(([prefill, user]) => {
        setPrefillEmail(prefill.email);
        setView(user ? { kind: 'confirm', user, error: null } : { kind: 'sign-up', email: prefill.email });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const outcome = problemOrMessage(error);
        setView('problem' in outcome ? { kind: 'problem', problem: outcome.problem } : { kind: 'failed', message: outcome.message });
      });
    return () => controller.abort();
  }, [link, attempt]);

  /** POST /api/links once at a time; the backend is idempotent, so a reload that repeats it is safe. */
  const makeLink = useCallback(
    async (user: SignedInUser | null) => {
      if (!link || linkInFlight.current) return;
      linkInFlight.current = true;
      setView({ kind: 'linking', user });
      try {
        await createLink(link);
        setView({ kind: 'linked' });
        window.location.replace(CONFIG_PATH);
      } catch (error) {
        linkInFlight.current = false;
        if (error instanceof ApiError && error.code === 'unauthenticated') {
          setView({ kind: 'sign-up', email: user?.email ?? null });
          return;
        }
        const outcome = problemOrMessage(error);
        if ('problem' in outcome) setView({ kind: 'problem', problem: outcome.problem });
        else if (user) setView({ kind: 'confirm', user, error: outcome.message });
        else setView({ kind: 'failed', message: outcome.message });
      }
    },
    [link],
  );

  async function switchAccount() {
    try {
      await signOut();
      setView({ kind: 'sign-up', email: prefillEmail });
    } catch (error) {
      setView({ kind: 'failed', message: error instanceof Error ? error.message : 'Could not sign out.' });
    }
  }

  return (
    <main className="page page--narrow">
      <BrandHeader subtitle="Link your Ring account" />
      {view.kind === 'loading' ? (
        <p className="panel panel--loading" role="status">
          <span className="spinner" aria-hidden="true" />
          Checking your link…
        </p>
      ) : null}
      {view.kind === 'problem' ? <LinkProblemView problem={view.problem} /> : null}
      {view.kind === 'failed' ? (
        <div className="panel panel--error" role="alert" data-testid="link-failed">
          <p>
            <strong>Could not continue.</strong> {view.message}
          </p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setView({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </button>
        </div>
      ) : null}
      {view.kind === 'sign-up' ? (
        <>
          <p className="lead">
            Your Ring account is almost connected. Create a Ringside account, or sign in to the one you have, to finish
            linking.
          </p>
          <AuthForm
            initialMode="sign-up"
            initialEmail={view.email ?? ''}
            intro={{
              'sign-up': view.email ? 'We filled in the e-mail of your Ring account. You can use another one.' : undefined,
            }}
            submitLabel={{ 'sign-up': 'Create account and link', 'sign-in': 'Sign in and link' }}
            onSignedIn={(user) => makeLink(user)}
          />
        </>
      ) : null}
      {view.kind === 'confirm' || view.kind === 'linking' ? (
        <section className="panel" aria-labelledby="confirm-heading" data-testid="link-confirm">
          <h2 id="confirm-heading">
            Link your Ring account to <span className="nowrap">{view.user?.email ?? 'your Ringside account'}</span>
          </h2>
          <p className="muted">
            Ringside will be able to see the Ring devices you chose in the Ring app. You can unlink at any time.
          </p>
          {view.kind === 'confirm' && view.error ? (
            <p className="form__error" role="alert" data-testid="link-failed">
              {view.error}
            </p>
          ) : null}
          <button
            type="button"
            className="button button--wide"
            data-testid="link-continue"
            disabled={view.kind === 'linking'}
            onClick={() => void makeLink(view.user)}
          >
            {view.kind === 'linking' ? 'Linking…' : 'Continue'}
          </button>
          <p className="auth__switch">
            Not you?{' '}
            <button type="button" className="link-button" disabled={view.kind === 'linking'} onClick={() => void switchAccount()}>
              Sign out and use another account
            </button>
          </p>
        </section>
      ) : null}
      {view.kind === 'linked' ? (
        <p className="panel panel--loading" role="status" data-testid="link-done">
          <span className="spinner" aria-hidden="true" />
          Linked. Opening your Ring accounts…
        </p>
      ) : null}
    </main>
  );
}
