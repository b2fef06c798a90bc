import { NatsErrorCode } from './nats.errors';
import { natsUrl } from './nats-integration.fixture';
import { connectNats, drainNats, NatsUnavailableError } from './nats-connection';

describe(connectNats.name, () => {
  it('connects to the run NATS under the service name', async () => {
    const sut = await connectNats({ url: natsUrl(), name: 'nats-connection-spec' });

    expect(sut.isClosed()).toBe(false);
    expect(sut.info?.jetstream).toBe(true);
    await drainNats(sut);
    expect(sut.isClosed()).toBe(true);
  });

  it('fails fast with a message naming NATS_URL and never the credentials', async () => {
    const url = 'nats://someone:sup3r-secret@127.0.0.1:1';

    const sut = await connectNats({ url, name: 'spec', timeoutMs: 1_000 }).catch((e: unknown) => e);

    expect(sut).toBeInstanceOf(NatsUnavailableError);
    expect((sut as NatsUnavailableError).code).toBe(NatsErrorCode.ConnectionFailed);
    expect((sut as Error).message).toMatch(/^NATS_URL: cannot connect to NATS at 127\.0\.0\.1:1: /);
    expect((sut as Error).message).not.toContain('sup3r-secret');
  });
});

describe(drainNats.name, () => {
  it('may be called again on a drained connection', async () => {
    const sut = await connectNats({ url: natsUrl(), name: 'nats-drain-spec' });

    await Promise.all([drainNats(sut), drainNats(sut)]);
    await drainNats(sut);

    expect(sut.isClosed()).toBe(true);
  });
});
