import { Writable } from 'node:stream';
import { createLogger, runWithRequestId } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return { lines, destination };
}

describe(createLogger.name, () => {
  it('writes JSON with the service name and never the secrets it is given', () => {
    const { lines, destination } = capture();
    const sut = createLogger({ service: 'tokens', destination });
    const secrets = ['at-123-secret', 'rt-456-secret', 'code-789', 'hunter2', 'Bearer xyz', 'sess=abc'];
    sut.info({ access_token: secrets[0], refresh_token: secrets[1], code: secrets[2] }, 'exchanged');
    sut.info({ body: { password: secrets[3] } }, 'sign-in');
    sut.info({ req: { headers: { authorization: secrets[4], cookie: secrets[5] } } }, 'request');
    sut.info({ deep: { pair: { accessToken: secrets[0] } } }, 'nested');
    const text = lines.join('\n');
    for (const s of secrets) expect(text).not.toContain(s);
    expect(JSON.parse(lines[0])).toMatchObject({ service: 'tokens', level: 'info', msg: 'exchanged', access_token: '[redacted]' });
  });

  it('puts the request id on every line written inside a request', async () => {
    const { lines, destination } = capture();
    const sut = createLogger({ service: 'ingest', destination });
    await runWithRequestId('req-42', async () => {
      await new Promise((r) => setTimeout(r, 1));
      sut.info('inside');
    });
    sut.info('outside');
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'inside', requestId: 'req-42' });
    expect(JSON.parse(lines[1])).not.toHaveProperty('requestId');
  });
});
