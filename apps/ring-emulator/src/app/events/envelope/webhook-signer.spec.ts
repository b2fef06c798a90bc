import { createHmac } from 'node:crypto';
import { EmulatorClock } from '../../clock/emulator-clock';
import { WebhookEventFactory } from './webhook-event.factory';
import { WebhookEventType } from './webhook-event-type';
import { signWebhook } from './webhook-signer';

describe(signWebhook.name, () => {
  const clock = new EmulatorClock();
  afterAll(() => clock.onApplicationShutdown());

  it('signs the exact bytes it returns: sha256= + lower-case hex HMAC-SHA256 under the key text', () => {
    const envelope = new WebhookEventFactory(clock).deviceEvent({
      type: WebhookEventType.MotionDetected,
      deviceId: 'ava1.ring.device.ü',
      accountId: 'ava1.ring.account.a',
      subType: 'human',
    });

    const sut = signWebhook(envelope, 'unit-test-hmac-key-ä');

    const expected = createHmac('sha256', Buffer.from('unit-test-hmac-key-ä', 'utf8'))
      .update(sut.body)
      .digest('hex');
    expect(sut.signature).toBe(`sha256=${expected}`);
    expect(JSON.parse(sut.body.toString('utf8'))).toEqual(envelope);
  });

  it('pins one vector computed outside the code', () => {
    // printf '%s' '{"a":1}' | openssl dgst -sha256 -hmac 'k-0123456789abcdef' -hex
    expect(signWebhook({ a: 1 } as never, 'k-0123456789abcdef').signature).toBe(
      'sha256=c8501855930ac7166e6a141202ff2671bb0c74f20fed7889f2b77ed924bee744',
    );
  });
});
