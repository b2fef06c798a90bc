import { describe, expect, it } from '@jest/globals';
import { parseLinkParams } from './link-params';

const NONCE = 'yT8jdW_nu2W4gR6FI-l8hkPpt_c9EAf4DJ9CTIcuM7c';

describe(parseLinkParams.name, () => {
  it('accepts the Account Link URL Ring redirects to (reference 6.3)', () => {
    expect(parseLinkParams(`?nonce=${NONCE}&time=1771130906289`)).toEqual({ ok: true, link: { nonce: NONCE, time: 1771130906289 } });
    expect(parseLinkParams(`time=1771130906289&nonce=${NONCE}&utm=x`)).toEqual({ ok: true, link: { nonce: NONCE, time: 1771130906289 } });
  });

  it('calls a link without nonce or time incomplete', () => {
    for (const search of ['', '?', `?nonce=${NONCE}`, '?time=1771130906289', `?nonce=&time=1771130906289`, `?nonce=${NONCE}&time=`]) {
      expect(parseLinkParams(search)).toEqual({ ok: false, problem: 'link_missing' });
    }
  });

  it('rejects nonces that are not 43 characters of URL-safe Base64 without padding', () => {
    for (const nonce of [
      NONCE.slice(1),
      `${NONCE}A`,
      `${NONCE.slice(0, 42)}=`,
      `${NONCE.slice(0, 42)}+`,
      `${NONCE.slice(0, 42)}/`,
      encodeURIComponent(`${NONCE.slice(0, 42)} `),
    ]) {
      expect(parseLinkParams(`?nonce=${nonce}&time=1771130906289`)).toEqual({ ok: false, problem: 'link_malformed' });
    }
  });

  it('rejects times that are not positive whole milliseconds', () => {
    for (const time of ['-1', '0', '1.5', '1e12', 'abc', '0x10', ' 1771130906289', '17711309062890000000']) {
      expect(parseLinkParams(`?nonce=${NONCE}&time=${encodeURIComponent(time)}`)).toEqual({ ok: false, problem: 'link_malformed' });
    }
  });

  it('rejects a parameter given twice rather than guessing which one Ring meant', () => {
    expect(parseLinkParams(`?nonce=${NONCE}&nonce=${NONCE}&time=1`)).toEqual({ ok: false, problem: 'link_malformed' });
    expect(parseLinkParams(`?nonce=${NONCE}&time=1&time=2`)).toEqual({ ok: false, problem: 'link_malformed' });
  });
});
