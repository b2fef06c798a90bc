import { describeNatsServers, redactCredentials } from './nats-connection';

describe(describeNatsServers.name, () => {
  it('shows host and port only', () => {
    const sut = describeNatsServers('nats://user:s3cret@nats.internal:4333');
    expect(sut).toBe('nats.internal:4333');
  });

  it('handles lists, bare host:port and the default port', () => {
    expect(describeNatsServers('nats://tok3n@a, b:5000,tls://c')).toBe('a:4222, b:5000, c:4222');
  });
});

describe(redactCredentials.name, () => {
  it('removes user, password and token from URLs inside a text', () => {
    const sut = redactCredentials('connect ECONNREFUSED nats://u:p4ss@h:1 and nats://t0ken@h2:2');
    expect(sut).toBe('connect ECONNREFUSED nats://***@h:1 and nats://***@h2:2');
  });
});
