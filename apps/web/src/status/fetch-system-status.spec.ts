import { describe, expect, it } from '@jest/globals';
import {
  isSystemStatus,
  jsonApiErrorMessage,
  parseStatusResponse,
  StatusRequestError,
} from './fetch-system-status';

const status = {
  ready: true,
  checkedAt: '2026-11-22T10:00:00.000Z',
  services: [{ service: 'gateway', reachable: true, ready: true, latencyMs: 1 }],
};

describe(parseStatusResponse.name, () => {
  it('returns a well-formed status', () => {
    expect(parseStatusResponse(200, status)).toBe(status);
  });

  it('reports the JSON:API error detail of a failed request', () => {
    const body = {
      errors: [
        {
          status: '503',
          code: 'dependency_unavailable',
          title: 'Service Unavailable',
          detail: 'NATS is down.',
        },
      ],
    };
    expect(() => parseStatusResponse(503, body)).toThrow(
      new StatusRequestError('The gateway answered 503: NATS is down.'),
    );
  });

  it('reports a failed request without a body', () => {
    expect(() => parseStatusResponse(502, undefined)).toThrow('The gateway answered 502.');
  });

  it('rejects a 200 that is not a status (an HTML page, say)', () => {
    expect(() => parseStatusResponse(200, undefined)).toThrow(StatusRequestError);
    expect(() => parseStatusResponse(200, { ready: true })).toThrow(StatusRequestError);
  });
});

describe(isSystemStatus.name, () => {
  it('needs every service to have a name and a ready flag', () => {
    expect(isSystemStatus(status)).toBe(true);
    expect(isSystemStatus({ ...status, services: [{ service: 'tokens' }] })).toBe(false);
    expect(isSystemStatus([])).toBe(false);
    expect(isSystemStatus(null)).toBe(false);
  });
});

describe(jsonApiErrorMessage.name, () => {
  it('prefers detail, falls back to title', () => {
    expect(jsonApiErrorMessage({ errors: [{ title: 'Not Found' }] })).toBe('Not Found');
    expect(jsonApiErrorMessage({ errors: [{ title: 'Not Found', detail: 'No route.' }] })).toBe('No route.');
    expect(jsonApiErrorMessage({ data: [] })).toBeUndefined();
  });
});
