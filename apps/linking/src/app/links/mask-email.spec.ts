import { maskEmail } from './mask-email';

describe(maskEmail.name, () => {
  it.each([
    ['jordan.lee@example.com', 'j***@e***.com'],
    ['u@partner.example.co.uk', 'u***@p***.uk'],
    ['a@b', 'a***@b***'],
    ['broken', '***'],
    ['@x.com', '***'],
  ])('%s -> %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
