import { consumerConfig, diffConsumerConfig, type DesiredConsumer } from './consumer.manager';

describe(consumerConfig.name, () => {
  const desired: DesiredConsumer = {
    stream: 'S',
    durable: 'D',
    filterSubjects: ['a.>'],
    ackWaitNanos: 30e9,
    maxDeliver: -1,
  };

  it('is a durable explicit-ack consumer from the stream start, one filter in filter_subject', () => {
    const sut = consumerConfig(desired);
    expect(sut).toEqual({
      durable_name: 'D',
      ack_policy: 'explicit',
      deliver_policy: 'all',
      ack_wait: 30e9,
      max_deliver: -1,
      filter_subject: 'a.>',
    });
  });

  it('uses filter_subjects for several filters', () => {
    const sut = consumerConfig({ ...desired, filterSubjects: ['a.>', 'b.>'] });
    expect(sut.filter_subjects).toEqual(['a.>', 'b.>']);
    expect(sut.filter_subject).toBeUndefined();
  });
});

describe(diffConsumerConfig.name, () => {
  const desired: DesiredConsumer = {
    stream: 'S',
    durable: 'D',
    filterSubjects: ['a.>'],
    ackWaitNanos: 1e9,
    maxDeliver: -1,
  };

  it('sees nothing to do for the same settings', () => {
    const sut = diffConsumerConfig(consumerConfig(desired), desired);
    expect(sut).toEqual({ changed: [], immutable: [] });
  });

  it('lists what an update changes and what it cannot', () => {
    const current = {
      ...consumerConfig(desired),
      ack_wait: 2e9,
      deliver_policy: 'new' as const,
      filter_subject: 'b.>',
    };
    const sut = diffConsumerConfig(current, desired);
    expect(sut).toEqual({ changed: ['ack_wait', 'filter_subjects'], immutable: ['deliver_policy'] });
  });
});
