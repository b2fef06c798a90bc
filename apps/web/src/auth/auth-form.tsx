import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-error';
import { signIn, signUp, type SignedInUser } from '../api/auth-api';

export type AuthMode = 'sign-up' | 'sign-in';

interface AuthFormProps {
  initialMode: AuthMode;
  initialEmail?: string;
  /** Short text above the form, per mode. */
  intro?: Partial<Record<AuthMode, string>>;
  /** Label of the submit button, per mode. */
  submitLabel?: Partial<Record<AuthMode, string>>;
  /** Called once per successful sign-in/sign-up; the form stays busy until it settles. */
  onSignedIn: (user: SignedInUser) => Promise<void> | void;
}

const PASSWORD_MIN_BYTES = 10;

function messageFor(error: unknown, mode: AuthMode): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'email_taken':
      return 'There is already an account with this e-mail. Sign in instead.';
    case 'invalid_credentials':
      return 'The e-mail or password is not right.';
    case 'rate_limited':
      return 'Too many attempts. Wait a few minutes, then try again.';
    default:
      return mode === 'sign-up' && error.code === 'validation_failed' && error.pointer === '/password'
        ? `Choose a password of at least ${PASSWORD_MIN_BYTES} characters.`
        : error.message;
  }
}

/** Sign-up (with a switch to sign-in) or sign-in (with a switch to sign-up): labelled fields, one request at a time. */
export function AuthForm({ initialMode, initialEmail, intro, submitLabel, onSignedIn }: AuthFormProps) {
  const [mode, setMode] = useState<AuthMode>(initialMode);
  const [email, setEmail] = useState(initialEmail ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; pointer: string | undefined; code: string } | null>(null);
  const inFlight = useRef(false);
  const id = useId();

  const signingUp = mode === 'sign-up';
  const headingId = `${id}-heading`;
  const errorId = `${id}-error`;
  const hintId = `${id}-password-hint`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const credentials = { email: email.trim(), password };
      const user = signingUp ? await signUp(credentials) : await signIn(credentials);
      await onSignedIn(user);
    } catch (caught) {
      const pointer = caught instanceof ApiError ? caught.pointer : undefined;
      setError({ message: messageFor(caught, mode), pointer, code: caught instanceof ApiError ? caught.code : 'unknown' });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  function switchMode() {
    setMode(signingUp ? 'sign-in' : 'sign-up');
    setError(null);
    setPassword('');
  }

  const emailInvalid = error?.pointer === '/email' || error?.code === 'email_taken';
  const passwordInvalid = error?.pointer === '/password';

  return (
    <section className="panel auth" aria-labelledby={headingId}>
      <h2 id={headingId}>{signingUp ? 'Create your Ringside account' : 'Sign in to Ringside'}</h2>
      {intro?.[mode] ? <p className="muted">{intro[mode]}</p> : null}
      <form
        className="form"
        data-testid={signingUp ? 'sign-up-form' : 'sign-in-form'}
        aria-labelledby={headingId}
        aria-busy={busy}
        onSubmit={(event) => void submit(event)}
      >
        <div className="field">
          <label htmlFor={`${id}-email`}>E-mail</label>
          <input
            id={`${id}-email`}
            data-testid="email-input"
            type="email"
            name="email"
            autoComplete="email"
            inputMode="email"
            required
            maxLength={320}
            value={email}
            aria-invalid={emailInvalid || undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            data-testid="password-input"
            type="password"
            name="password"
            autoComplete={signingUp ? 'new-password' : 'current-password'}
            required
            minLength={signingUp ? PASSWORD_MIN_BYTES : 1}
            maxLength={256}
            value={password}
            aria-invalid={passwordInvalid || undefined}
            aria-describedby={[signingUp ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
          {signingUp ? (
            <p id={hintId} className="field__hint">
              At least {PASSWORD_MIN_BYTES} characters.
            </p>
          ) : null}
        </div>
        {error ? (
          <p id={errorId} className="form__error" role="alert" data-testid="form-error">
            {error.message}
          </p>
        ) : null}
        <button type="submit" className="button button--wide" data-testid="submit" disabled={busy}>
          {busy ? 'Please wait…' : (submitLabel?.[mode] ?? (signingUp ? 'Create account' : 'Sign in'))}
        </button>
      </form>
      <p className="auth__switch">
        {signingUp ? 'Already have a Ringside account?' : 'New to Ringside?'}{' '}
        <button type="button" className="link-button" data-testid="switch-mode" onClick={switchMode} disabled={busy}>
          {signingUp ? 'Sign in instead' : 'Create an account'}
        </button>
      </p>
    </section>
  );
}
