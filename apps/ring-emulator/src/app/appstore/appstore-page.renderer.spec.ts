import { APPSTORE_SCOPES, renderAppstorePage, renderErrorPage } from './appstore-page.renderer';

const EVIL = '<img src=x onerror=alert(1)>"\'';

describe(renderAppstorePage.name, () => {
  const model = {
    appClientId: `client ${EVIL}`,
    users: [
      { accountId: 'ava1.ring.account.a', label: `Ann ${EVIL}`, selected: true },
      { accountId: `ava1.ring.account.${EVIL}`, label: 'Bob', selected: false },
    ],
    user: { accountId: 'ava1.ring.account.a', name: `Ann ${EVIL}`, email: `ann${EVIL}@example.com` },
    devices: [
      { id: 'ava1.ring.device.1', name: `Front ${EVIL}`, kind: 'doorbell', online: true, shared: false },
      { id: 'ava1.ring.device.2', name: 'Yard', kind: 'camera', online: false, shared: false },
    ],
    installed: false,
    scopes: APPSTORE_SCOPES,
    formToken: 'tok"en',
  };

  it('escapes everything that comes from the world', () => {
    const page = renderAppstorePage(model);
    expect(page).not.toContain('<img');
    expect(page).toContain('Front &lt;img src=x onerror=alert(1)&gt;&quot;&#39;');
    expect(page).toContain('value="tok&quot;en"');
  });

  it('has the Confirm form with a checkbox per device (all checked on a first install), the scopes and the form token', () => {
    const page = renderAppstorePage(model);
    expect(page).toContain('<form method="post" action="/appstore/confirm">');
    expect(
      page.match(/<input type="checkbox" name="device_id" value="ava1\.ring\.device\.\d" checked \/>/g),
    ).toHaveLength(2);
    for (const scope of APPSTORE_SCOPES) expect(page).toContain(`<li>${scope}</li>`);
    expect(page).toContain('<input type="hidden" name="account_id" value="ava1.ring.account.a" />');
    expect(page).toMatch(/<button type="submit"\s*>Confirm<\/button>/);
  });

  it('checks only the shared devices on a re-install, and disables Confirm without devices', () => {
    const reinstall = renderAppstorePage({
      ...model,
      installed: true,
      devices: [{ ...model.devices[0], shared: true }, model.devices[1]],
    });
    expect(reinstall.match(/ checked \/>/g)).toHaveLength(1);
    expect(reinstall).toContain('already installed');
    expect(renderAppstorePage({ ...model, devices: [] })).toContain(
      '<button type="submit" disabled>Confirm</button>',
    );
  });
});

describe(renderErrorPage.name, () => {
  it('escapes the detail and links back', () => {
    const page = renderErrorPage({
      status: 502,
      title: 'Token Exchange Failed',
      detail: EVIL,
      backHref: '/appstore?account_id=a%22',
    });
    expect(page).not.toContain('<img');
    expect(page).toContain('<a href="/appstore?account_id=a%22">');
  });
});
