import { serverToServerUrl } from './partner-endpoints';

describe(serverToServerUrl.name, () => {
  it('moves a URL under PUBLIC_BASE_URL onto PARTNER_BASE_URL, keeping path and query', () => {
    const config = { PUBLIC_BASE_URL: 'http://localhost:8080', PARTNER_BASE_URL: 'http://gateway:8080' };
    expect(serverToServerUrl('http://localhost:8080/webhooks/ring', config)).toBe(
      'http://gateway:8080/webhooks/ring',
    );
    expect(serverToServerUrl('http://localhost:8080/oauth/token?x=1', config)).toBe(
      'http://gateway:8080/oauth/token?x=1',
    );
  });

  it('handles base paths on either side', () => {
    const config = {
      PUBLIC_BASE_URL: 'https://partner.example.com/ringside/',
      PARTNER_BASE_URL: 'http://10.0.0.5:8080/internal',
    };
    expect(serverToServerUrl('https://partner.example.com/ringside/webhooks/ring', config)).toBe(
      'http://10.0.0.5:8080/internal/webhooks/ring',
    );
    expect(serverToServerUrl('https://partner.example.com/other/webhooks/ring', config)).toBe(
      'https://partner.example.com/other/webhooks/ring',
    );
  });

  it('leaves the URL alone without PARTNER_BASE_URL or for another origin', () => {
    expect(
      serverToServerUrl('http://localhost:8080/webhooks/ring', { PUBLIC_BASE_URL: 'http://localhost:8080' }),
    ).toBe('http://localhost:8080/webhooks/ring');
    expect(
      serverToServerUrl('http://elsewhere/webhooks/ring', {
        PUBLIC_BASE_URL: 'http://localhost:8080',
        PARTNER_BASE_URL: 'http://gateway:8080',
      }),
    ).toBe('http://elsewhere/webhooks/ring');
  });
});
