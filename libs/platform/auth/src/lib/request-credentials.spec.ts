import { readCookie, sessionTokenFrom } from './request-credentials';

describe('sessionTokenFrom', () => {
  it('reads the session cookie among others', () => {
    expect(sessionTokenFrom({ cookie: 'a=1; ringside_session=eyJ.abc.def; b=2' })).toBe('eyJ.abc.def');
  });

  it('prefers Authorization: Bearer', () => {
    expect(sessionTokenFrom({ authorization: 'Bearer eyJ.x.y', cookie: 'ringside_session=eyJ.c.d' })).toBe('eyJ.x.y');
    expect(sessionTokenFrom({ authorization: 'bearer eyJ.x.y' })).toBe('eyJ.x.y');
  });

  it('finds nothing when neither is there, or they are empty or not Bearer', () => {
    expect(sessionTokenFrom({})).toBeUndefined();
    expect(sessionTokenFrom({ cookie: 'ringside_session=' })).toBeUndefined();
    expect(sessionTokenFrom({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
    expect(sessionTokenFrom({ cookie: 'xringside_session=1' })).toBeUndefined();
  });
});

describe('readCookie', () => {
  it('decodes and unquotes values', () => {
    expect(readCookie('n="a%20b"', 'n')).toBe('a b');
    expect(readCookie(['x=1', 'n=2'], 'n')).toBe('2');
  });
});
