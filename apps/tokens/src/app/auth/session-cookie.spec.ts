import { clearedSessionCookieOptions, sessionCookieOptions } from './session-cookie';

// The serialised Set-Cookie header is asserted against the running service (auth.integration-spec.ts).
describe('sessionCookieOptions', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, and not Secure over http', () => {
    expect(sessionCookieOptions('http://localhost:8080', 600.7)).toEqual({ path: '/', httpOnly: true, sameSite: 'lax', secure: false, maxAge: 600 });
  });

  it('is Secure whenever PUBLIC_BASE_URL is https', () => {
    expect(sessionCookieOptions('https://partner.example.com', 600).secure).toBe(true);
  });

  it('clears with the same attributes and an expiry in the past', () => {
    expect(clearedSessionCookieOptions('https://partner.example.com')).toEqual({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      maxAge: 0,
      expires: new Date(0),
    });
  });
});
