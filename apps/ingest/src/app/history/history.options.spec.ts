import { ConfigError } from '@ringside/config';
import { DEFAULT_HISTORY_OPTIONS, historyOptionsFromEnv } from './history.options';

describe(historyOptionsFromEnv.name, () => {
  it('uses the defaults when nothing is set', () => {
    expect(historyOptionsFromEnv({})).toEqual(DEFAULT_HISTORY_OPTIONS);
  });

  it('reads every override', () => {
    expect(
      historyOptionsFromEnv({
        INGEST_HISTORY_BATCH_SIZE: '50',
        INGEST_HISTORY_HEARTBEAT_MS: '200',
        INGEST_BACKFILL_DOWNTIME_MS: '1000',
        INGEST_BACKFILL_INTERVAL_MS: '0',
        INGEST_BACKFILL_OVERLAP_MS: ' 60000 ',
        INGEST_BACKFILL_MAX_EVENTS: '',
        INGEST_HISTORY_WRITER: 'False',
      }),
    ).toEqual({
      ...DEFAULT_HISTORY_OPTIONS,
      writer: false,
      batchSize: 50,
      heartbeatMs: 200,
      backfillDowntimeMs: 1000,
      backfillIntervalMs: 0,
      backfillOverlapMs: 60_000,
    });
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      historyOptionsFromEnv({ INGEST_HISTORY_WRITER: 'yes', INGEST_HISTORY_BATCH_SIZE: '0', INGEST_BACKFILL_STALE_MS: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([
      'INGEST_HISTORY_WRITER',
      'INGEST_HISTORY_BATCH_SIZE',
      'INGEST_BACKFILL_STALE_MS',
    ]);
  });

  it('refuses a downtime threshold an ordinary restart would cross', () => {
    expect(() => historyOptionsFromEnv({ INGEST_HISTORY_HEARTBEAT_MS: '1000', INGEST_BACKFILL_DOWNTIME_MS: '1500' })).toThrow(
      /INGEST_BACKFILL_DOWNTIME_MS must be more than twice/,
    );
  });
});
