import { html, type SafeHtml } from './safe-html';

export interface AppstorePageModel {
  /** The partner app's client id: the emulator has no app name. */
  appClientId: string;
  users: { accountId: string; label: string; selected: boolean }[];
  user: { accountId: string; name: string; email: string };
  devices: { id: string; name: string; kind: string; online: boolean; shared: boolean }[];
  installed: boolean;
  scopes: readonly string[];
  formToken: string;
}

export interface ErrorPageModel {
  status: number;
  title: string;
  detail: string;
  backHref: string;
}

/**
 * What the reference says Ring asks a user to consent to ("Common scopes include: Device discovery and status,
 * Video streaming access, Notification subscriptions, Configuration reading").
 */
export const APPSTORE_SCOPES = [
  'Device discovery and status',
  'Video streaming access',
  'Notification subscriptions',
  'Configuration reading',
] as const;

const STYLE = html`<style>
  body {
    font-family: system-ui, sans-serif;
    max-width: 36rem;
    margin: 2rem auto;
    padding: 0 1rem;
    color: #1d2630;
  }
  h1 {
    font-size: 1.4rem;
  }
  h2 {
    font-size: 1.05rem;
    margin-top: 1.5rem;
  }
  fieldset {
    border: 1px solid #c7d0d9;
    border-radius: 6px;
  }
  label {
    display: block;
    padding: 0.25rem 0;
  }
  button {
    background: #1998d5;
    color: #fff;
    border: 0;
    border-radius: 6px;
    padding: 0.6rem 1.4rem;
    font-size: 1rem;
  }
  button[disabled] {
    background: #9aa7b3;
  }
  .note {
    background: #fff6d6;
    padding: 0.5rem 0.75rem;
    border-radius: 6px;
  }
  .muted {
    color: #5d6b78;
    font-size: 0.9rem;
  }
  .error {
    border-left: 4px solid #d4351c;
    padding-left: 1rem;
  }
</style>`;

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        ${STYLE}
      </head>
      <body>
        ${body}
      </body>
    </html> `.value;
}

/** The Ring app's install screen: pick the user (emulator only), the devices to share, see the scopes, Confirm. */
export function renderAppstorePage(model: AppstorePageModel): string {
  const devices = model.devices.map((d) => {
    const checked = d.shared || !model.installed ? html`checked` : '';
    const state = `${d.kind}, ${d.online ? 'online' : 'offline'}`;
    return html`<label>
      <input type="checkbox" name="device_id" value="${d.id}" ${checked} />
      ${d.name} <span class="muted">(${state})</span>
    </label>`;
  });
  const body = html`<h1>Ring App Store</h1>
    <p>Install the partner app <strong>${model.appClientId}</strong> on your Ring account.</p>

    <form method="get" action="/appstore">
      <label for="account_id">Ring user (emulator: choose whose Ring app this is)</label>
      <select id="account_id" name="account_id">
        ${model.users.map((u) => html`<option value="${u.accountId}" ${u.selected ? html`selected` : ''}>${u.label}</option>`)}
      </select>
      <button type="submit">Switch user</button>
    </form>

    <form method="post" action="/appstore/confirm">
      <input type="hidden" name="form_token" value="${model.formToken}" />
      <input type="hidden" name="account_id" value="${model.user.accountId}" />
      <p>
        Signed in to Ring as <strong>${model.user.name}</strong>
        <span class="muted">${model.user.email}</span>
      </p>
      ${model.installed ? html`<p class="note">This app is already installed. Confirming again changes which devices it can see.</p>` : ''}
      <h2>Devices to share</h2>
      ${
        model.devices.length > 0
          ? html`<fieldset>
              <legend>Choose the devices this app may access</legend>
              ${devices}
            </fieldset>`
          : html`<p>This account has no devices.</p>`
      }
      <h2>This app will be able to</h2>
      <ul>
        ${model.scopes.map((s) => html`<li>${s}</li>`)}
      </ul>
      <p class="muted">
        Ring sends the app an authorization code, then takes you to its sign-in page to link your accounts.
      </p>
      <button type="submit" ${model.devices.length === 0 ? html`disabled` : ''}>Confirm</button>
    </form>`;
  return page('Ring App Store', body);
}

export function renderErrorPage(model: ErrorPageModel): string {
  const body = html`<h1>Ring App Store</h1>
    <div class="error" role="alert">
      <h2>${model.title}</h2>
      <p>${model.detail}</p>
    </div>
    <p><a href="${model.backHref}">Back to the app</a></p>`;
  return page(`${model.title} — Ring App Store`, body);
}
