import { formatDateTime } from '../format';
import type { LinkedAccount } from '../api/links-api';

interface LinkedAccountRowProps {
  account: LinkedAccount;
  busy: boolean;
  onUnlink: (account: LinkedAccount) => void;
}

/** One linked Ring account: id, masked identifier, integration status, when it was linked, and Unlink. */
export function LinkedAccountRow({ account, busy, onUnlink }: LinkedAccountRowProps) {
  const completed = account.status === 'completed';
  return (
    <li className="account" data-testid={`linked-account-${account.ringAccountId}`}>
      <div className="account__main">
        <p className="account__identifier">{account.accountIdentifier ?? 'Ring account'}</p>
        <p className="account__id muted">
          <span className="visually-hidden">Ring account ID: </span>
          <code>{account.ringAccountId}</code>
        </p>
        <p className="muted">
          {account.linkedAt ? (
            <>
              Linked <time dateTime={account.linkedAt}>{formatDateTime(account.linkedAt)}</time>
            </>
          ) : (
            'Linking not finished yet'
          )}
        </p>
      </div>
      <span className={`badge ${completed ? 'badge--ok' : 'badge--warn'}`} data-testid="link-status">
        {account.status}
      </span>
      <button
        type="button"
        className="button button--secondary"
        disabled={busy}
        aria-label={`Unlink Ring account ${account.accountIdentifier ?? account.ringAccountId}`}
        onClick={() => onUnlink(account)}
      >
        {busy ? 'Unlinking…' : 'Unlink'}
      </button>
    </li>
  );
}
