import { assertValidSubject, prefixedName, prefixedSubject, unprefixedSubject } from './namespacing';
import { NatsErrorCode, NatsPlatformError } from './nats.errors';

describe(prefixedSubject.name, () => {
  it('puts the namespace in front of the subject', () => {
    const sut = prefixedSubject('t1abc', 'ring.events.motion');
    expect(sut).toBe('t1abc.ring.events.motion');
  });

  it('leaves the subject alone in production (empty prefix)', () => {
    expect(prefixedSubject('', 'ring.events.>')).toBe('ring.events.>');
  });

  it('keeps wildcards of subject filters', () => {
    expect(prefixedSubject('t1', 'ring.*.>')).toBe('t1.ring.*.>');
  });

  it.each(['', 'a..b', 'a b', '.a', 'a.', 'a.>.b'])('rejects the subject %j', (subject) => {
    expect(() => prefixedSubject('t1', subject)).toThrow(NatsPlatformError);
  });

  it('rejects a prefix that is not a plain subject', () => {
    const error = (() => {
      try {
        prefixedSubject('t 1', 'a');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NatsPlatformError);
    expect((error as NatsPlatformError).code).toBe(NatsErrorCode.InvalidName);
  });
});

describe(unprefixedSubject.name, () => {
  it('removes the namespace added by prefixedSubject', () => {
    const sut = unprefixedSubject('t1', prefixedSubject('t1', 'ring.events.ding'));
    expect(sut).toBe('ring.events.ding');
  });

  it('returns other subjects as they are', () => {
    expect(unprefixedSubject('t1', 't10.ring.x')).toBe('t10.ring.x');
    expect(unprefixedSubject('', 'ring.x')).toBe('ring.x');
  });
});

describe(prefixedName.name, () => {
  it('upper-cases the namespace and joins it with an underscore', () => {
    const sut = prefixedName('t1abc', 'RING_EVENTS');
    expect(sut).toBe('T1ABC_RING_EVENTS');
  });

  it('replaces characters a stream name cannot hold in the namespace', () => {
    expect(prefixedName('t1.run-2', 'tokens-worker')).toBe('T1_RUN-2_tokens-worker');
  });

  it('returns the name itself in production', () => {
    expect(prefixedName('', 'RINGSIDE')).toBe('RINGSIDE');
  });

  it.each(['', 'a.b', 'a b', 'a*', 'a>', 'a/b'])('rejects the name %j rather than rewrite it', (name) => {
    expect(() => prefixedName('t1', name)).toThrow(NatsPlatformError);
  });
});

describe(assertValidSubject.name, () => {
  it('refuses wildcards unless asked to accept them', () => {
    expect(() => assertValidSubject('a.*')).toThrow(NatsPlatformError);
    expect(() => assertValidSubject('a.*', { allowWildcards: true })).not.toThrow();
  });
});
