import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimitExceededError, RedisConfigError, toRedisUnavailableError } from './redis.errors';
import { checkKey, checkName, checkWaitMs, newToken } from './redis-keys';
import { longestWindowUs, type RateWindow } from './sliding-log.model';
import { abortReason, monotonicMs, sleepUnlessAborted } from './timing.util';

export type { RateWindow } from './sliding-log.model';

export interface SlidingLogLimiterOptions {
  /** Shared by every process that must share the budget. */
  readonly redis: Redis;
  /** Names the limiter in errors (e.g. `ring-outbound`); never a key, never a caller's value. */
  readonly name: string;
  /** The schedule: every window must hold fewer than its limit for a slot to be reserved; at least one. */
  readonly windows: readonly RateWindow[];
  /**
   * Admission by what the far side can have seen, when the grants are requests that take time: a request may arrive
   * there at any moment between its claim and its release (the answer), so a claim is admitted only while fewer than
   * `limit` requests released less than `windowMs` ago or still in flight exist. Exact whatever the latency, the
   * process's CPU starvation or the far side's own queueing; the schedule above then only decides the order and the
   * pace. A request not released within `maxFlightMs` (a crashed process) stops counting after that.
   */
  readonly inFlight?: { readonly limit: number; readonly windowMs: number; readonly maxFlightMs: number };
}

/** One answer of the reservation script, for one ticket. */
export interface Reservation {
  /** False when the earliest free slot is further away than the caller's `maxWaitMs` (nothing was reserved). */
  readonly granted: boolean;
  /** Redis `TIME` when the script ran, in µs. */
  readonly nowUs: number;
  /** The reserved (or, when refused, the earliest possible) grant time, in µs on the Redis clock. */
  readonly atUs: number;
  /** `atUs - nowUs` in whole milliseconds, rounded up. */
  readonly waitMs: number;
  /** Entries in the log before the batch (grants of the last window and reservations ahead of it). */
  readonly ahead: number;
}

/** What {@link SlidingLogLimiter.acquire} resolves with. */
export interface SlidingLogGrant {
  /** Names this grant in {@link SlidingLogLimiter.release}. */
  readonly ticket: string;
  /** The slot's time on the Redis clock, µs. */
  readonly atUs: number;
  /** How long the caller waited in all (monotonic clock), ms. */
  readonly waitedMs: number;
  /** Reservations it took: 1, or more when a pause made it queue again. */
  readonly reservations: number;
  /**
   * How late the caller claimed its slot, by the Redis clock (ms; 0 for a slot that was free at once). A steady
   * value above a few ms means the process is starved of CPU: the jitter the limiter's margin has to cover.
   */
  readonly lateMs: number;
}

export interface SlidingLogAcquireOptions {
  /** The longest total wait; a slot further away is refused at once with {@link RateLimitExceededError}. */
  readonly maxWaitMs: number;
  /** Aborts the wait (the reservation is given back); rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Reserve, for each ticket in turn, the earliest slot that keeps every window within its limit (`nextSlotUs` in
 * `sliding-log.model.ts` states the same rule). Redis `TIME` is the only clock, so replicas whose clocks differ
 * still agree. A process sends the tickets of all its callers that queued meanwhile in one call: one round trip,
 * and the reply is not held back behind a pipeline of the process's own commands.
 *
 * KEYS[1] the log (sorted set: ticket -> grant time in µs), KEYS[2] the pause marker (a key with PX).
 * ARGV[1] number of windows, then limit and window (µs) per window; then the number of tickets, then per ticket its
 * name and the longest wait (µs) its caller accepts.
 * Answers {now µs, entries ahead, then granted 0|1 and slot µs per ticket}.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = tonumber(ARGV[1])
local limits, windows = {}, {}
local longest = 0
for i = 1, n do
  limits[i] = tonumber(ARGV[2 * i])
  windows[i] = tonumber(ARGV[2 * i + 1])
  if windows[i] > longest then longest = windows[i] end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
local floor = now
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then floor = now + paused * 1000 end
local count = redis.call('ZCARD', KEYS[1])
local newest = nil
if count > 0 then newest = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]) end
local out = {now, count}
local base = 2 * n + 2
local k = tonumber(ARGV[base])
local latest = now
for j = 1, k do
  local ticket = ARGV[base + 2 * j - 1]
  local maxWait = tonumber(ARGV[base + 2 * j])
  local at = floor
  if newest ~= nil and newest > at then at = newest end
  for i = 1, n do
    if count >= limits[i] then
      local kth = tonumber(redis.call('ZRANGE', KEYS[1], count - limits[i], count - limits[i], 'WITHSCORES')[2])
      if kth + windows[i] > at then at = kth + windows[i] end
    end
  end
  if at - now > maxWait then
    out[#out + 1] = 0
  else
    redis.call('ZADD', KEYS[1], at, ticket)
    count = count + 1
    newest = at
    if at > latest then latest = at end
    out[#out + 1] = 1
  end
  out[#out + 1] = at
end
redis.call('PEXPIRE', KEYS[1], math.ceil((latest - now + longest) / 1000) + 1000)
return out
`;

/**
 * When a caller wakes for its slot: go, unless the bucket was paused meanwhile (then the reservation is given back
 * and the caller queues again behind the pause), the slot has not come yet by the Redis clock (sleep the rest), or
 * too many requests may still be seen in one window (in-flight admission; try again shortly).
 * KEYS[1] log, KEYS[2] pause marker, KEYS[3] in-flight set (ticket -> released at, or claimed at + max flight, µs).
 * ARGV[1] ticket, ARGV[2] its slot (µs), ARGV[3] in-flight limit (0: no admission check), ARGV[4] its window (µs),
 * ARGV[5] max flight (µs).
 * Answers {0, late µs} (go), {1, pause left ms} (queue again), {2, early µs} (sleep, claim again) or
 * {3, µs until the window may have room} (an upper bound while the blocking requests are still in flight).
 */
const CLAIM = `
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return {1, paused}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local at = tonumber(ARGV[2])
if at > now then return {2, at - now} end
local limit = tonumber(ARGV[3])
if limit > 0 then
  local window = tonumber(ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[3])
  if count >= limit then
    local kth = tonumber(redis.call('ZRANGE', KEYS[3], count - limit, count - limit, 'WITHSCORES')[2])
    return {3, kth + window - now}
  end
  local flight = tonumber(ARGV[5])
  redis.call('ZADD', KEYS[3], now + flight, ARGV[1])
  redis.call('PEXPIRE', KEYS[3], math.ceil((flight + window) / 1000) + 1000)
end
return {0, now - at}
`;

/**
 * A request's answer came: it can no longer arrive later than now. KEYS[1] in-flight set; ARGV[1] ticket.
 * Answers {1 when it was in flight, now µs}.
 */
const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
return {redis.call('ZADD', KEYS[1], 'XX', 'LT', 'CH', now, ARGV[1]), now}
`;

/** Pauses for ARGV[1] ms unless a longer pause is already set; answers the pause now in force (ms). KEYS[1] marker. */
const PAUSE = `
local current = redis.call('PTTL', KEYS[1])
local wanted = tonumber(ARGV[1])
if current < wanted then
  redis.call('SET', KEYS[1], '1', 'PX', wanted)
  return wanted
end
return current
`;

class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, loading the script with EVAL when Redis does not know it (after a restart or a failover). */
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw toRedisUnavailableError(error);
      try {
        return await redis.eval(this.source, keys.length, ...keys, ...args);
      } catch (evalError) {
        throw toRedisUnavailableError(evalError);
      }
    }
  }
}

const reserveScript = new Script(RESERVE);
const claimScript = new Script(CLAIM);
const releaseScript = new Script(RELEASE);

/** Longest pause between two claims while in-flight admission holds a caller back (waiting for answers to come). */
const BLOCKED_RETRY_MS = 25;
const pauseScript = new Script(PAUSE);

/** Most tickets one reservation call carries (the script's work is a few µs per ticket). */
const MAX_BATCH = 256;

/** A caller waiting for its turn in the process's next reservation call. */
interface PendingReservation {
  readonly ticket: string;
  /** Monotonic ms by which the slot must come. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  resolve(slot: ReservedSlot): void;
  reject(error: unknown): void;
  onAbort?: () => void;
}

/** A reservation and when, on the local monotonic clock, its call was sent. */
interface ReservedSlot extends Reservation {
  readonly ticket: string;
  readonly sentAt: number;
}

/**
 * The process's queue of callers for one bucket: while one reservation call is in flight, the callers that arrive
 * wait here and go together in the next call (one script run, one reply), in arrival order.
 */
class ReservationBatcher {
  private queue: PendingReservation[] = [];
  private inFlight = false;

  constructor(private readonly send: (batch: { ticket: string; maxWaitUs: number }[]) => Promise<Reservation[]>) {}

  reserve(ticket: string, deadline: number, signal: AbortSignal | undefined): Promise<ReservedSlot> {
    return new Promise<ReservedSlot>((resolve, reject) => {
      const pending: PendingReservation = { ticket, deadline, signal, resolve, reject };
      if (signal) {
        pending.onAbort = () => {
          const i = this.queue.indexOf(pending);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(abortReason(signal));
          }
        };
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.inFlight = true;
    const sentAt = monotonicMs();
    const args = batch.map((p) => ({ ticket: p.ticket, maxWaitUs: Math.max(0, Math.floor((p.deadline - sentAt) * 1000)) }));
    void this.send(args)
      .then(
        (answers) => {
          batch.forEach((p, i) => p.resolve({ ...answers[i], ticket: p.ticket, sentAt }));
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      )
      .finally(() => {
        for (const p of batch) if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
        this.inFlight = false;
        this.pump();
      });
  }
}

/**
 * A shared queue in front of a rate limit: every process that uses the same Redis (and key prefix) and bucket
 * shares one budget, defined by one or more sliding windows ("at most `limit` in any `windowMs`"), exact at the
 * microsecond on the Redis clock.
 *
 * Callers queue rather than fail: {@link acquire} reserves the earliest free slot in one atomic script (a sorted set
 * of grant times, future ones included), sleeps until it, claims it and goes. No polling and no thundering herd: a
 * process sends the reservations of all its waiting callers in one call, and a queued caller makes one more call
 * (the claim) when its slot comes. Slots are handed out in the order reservations reach Redis, so the queue is first
 * come, first served across every replica and no caller can be overtaken indefinitely.
 *
 * {@link pause} stops the whole bucket for a while (e.g. the `Retry-After` of a 429): new reservations start after
 * it, and a caller claiming a slot inside a pause gives the slot back and queues again behind it.
 *
 * With `inFlight`, a claim is also an admission check against the requests that may still be seen by the far side
 * (claimed and not answered, or answered less than a window ago): the guarantee then holds for arrival times there,
 * whatever the latency in between; release each grant with {@link release} when its answer came.
 *
 * Keys (after the client's `keyPrefix`): `<bucket>` (sorted set), `<bucket>:inflight` (sorted set) and
 * `<bucket>:paused`; all expire on their own.
 * Redis unreachable: {@link RedisUnavailableError}; nothing is granted without Redis.
 */
export class SlidingLogLimiter {
  readonly name: string;
  readonly windows: readonly RateWindow[];
  private readonly redis: Redis;
  private readonly windowArgs: number[];
  private readonly longestUs: number;
  private readonly batchers = new Map<string, ReservationBatcher>();
  private readonly inFlightArgs: [number, number, number];

  constructor(options: SlidingLogLimiterOptions) {
    this.name = checkName('name', options.name);
    if (options.windows.length === 0) {
      throw new RedisConfigError(`Limiter "${this.name}" needs at least one window`);
    }
    for (const w of options.windows) {
      if (!Number.isInteger(w.limit) || w.limit <= 0 || !Number.isInteger(w.windowMs) || w.windowMs <= 0) {
        throw new RedisConfigError(
          `Limiter "${this.name}": each window needs a positive whole limit and windowMs (got ${JSON.stringify(w)})`,
        );
      }
    }
    this.redis = options.redis;
    this.windows = options.windows.map((w) => ({ limit: w.limit, windowMs: w.windowMs }));
    this.windowArgs = this.windows.flatMap((w) => [w.limit, w.windowMs * 1000]);
    this.longestUs = longestWindowUs(this.windows);
    const f = options.inFlight;
    if (f !== undefined) {
      for (const [what, v] of [
        ['limit', f.limit],
        ['windowMs', f.windowMs],
        ['maxFlightMs', f.maxFlightMs],
      ] as const) {
        if (!Number.isInteger(v) || v <= 0) {
          throw new RedisConfigError(`Limiter "${this.name}": inFlight.${what} must be a positive whole number (got ${v})`);
        }
      }
    }
    this.inFlightArgs = f ? [f.limit, f.windowMs * 1000, f.maxFlightMs * 1000] : [0, 0, 0];
  }

  /**
   * Waits for a slot and takes it. Resolves when the caller may go; rejects with {@link RateLimitExceededError} as
   * soon as the next free slot is known to come later than `maxWaitMs` after the call (without waiting for nothing),
   * with {@link RedisUnavailableError}, or with the signal's reason (the reservation is given back then).
   *
   * The wait is timed from when the reservation call was sent, not from its reply, so a slow reply makes the caller
   * wake early rather than late; it then claims the slot (see `CLAIM`), sleeping the rest if it is early.
   */
  async acquire(bucket: string, options: SlidingLogAcquireOptions): Promise<SlidingLogGrant> {
    checkKey(bucket);
    const maxWaitMs = checkWaitMs('maxWaitMs', options.maxWaitMs);
    const { signal } = options;
    const startedAt = monotonicMs();
    const deadline = startedAt + maxWaitMs;
    for (let reservations = 1; ; reservations++) {
      signal?.throwIfAborted();
      const r = await this.batcher(bucket).reserve(newToken(), deadline, signal);
      if (!r.granted) {
        throw new RateLimitExceededError(this.name, r.waitMs, Math.round(monotonicMs() - startedAt));
      }
      if (signal?.aborted) {
        await this.cancel(bucket, r.ticket).catch(() => undefined);
        throw abortReason(signal);
      }
      let wakeAt = r.sentAt + (r.atUs - r.nowUs) / 1000;
      for (;;) {
        try {
          await sleepUnlessAborted(Math.ceil(wakeAt - monotonicMs()), signal);
        } catch (error) {
          await this.cancel(bucket, r.ticket).catch(() => undefined);
          throw error;
        }
        const claimedAt = monotonicMs();
        const claim = await this.claim(bucket, r.ticket, r.atUs);
        if (claim.outcome === 'go') {
          return { ticket: r.ticket, atUs: r.atUs, waitedMs: monotonicMs() - startedAt, reservations, lateMs: claim.lateUs / 1000 };
        }
        if (claim.outcome === 'paused') break;
        if (claim.outcome === 'early') {
          wakeAt = claimedAt + claim.earlyUs / 1000;
        } else {
          if (monotonicMs() + Math.min(claim.waitUs / 1000, BLOCKED_RETRY_MS) > deadline) {
            await this.cancel(bucket, r.ticket).catch(() => undefined);
            throw new RateLimitExceededError(this.name, Math.ceil(claim.waitUs / 1000), Math.round(monotonicMs() - startedAt));
          }
          wakeAt = monotonicMs() + Math.min(claim.waitUs / 1000, BLOCKED_RETRY_MS);
        }
      }
    }
  }

  /**
   * One reservation call for one ticket (the step {@link acquire} takes, batched with the process's other callers):
   * the earliest slot, reserved if it is at most `maxWaitMs` away.
   */
  async reserve(bucket: string, ticket: string, maxWaitMs: number): Promise<Reservation> {
    checkKey(bucket);
    const [answer] = await this.reserveMany(bucket, [{ ticket, maxWaitUs: Math.floor(Math.max(0, maxWaitMs) * 1000) }]);
    return answer;
  }

  /** Reserves for several tickets in one script run, in order (what the process's batcher sends). */
  async reserveMany(bucket: string, tickets: readonly { ticket: string; maxWaitUs: number }[]): Promise<Reservation[]> {
    const reply = (await reserveScript.run(
      this.redis,
      [bucket, pauseKey(bucket)],
      [this.windows.length, ...this.windowArgs, tickets.length, ...tickets.flatMap((t) => [t.ticket, t.maxWaitUs])],
    )) as number[];
    const [nowUs, ahead] = [Number(reply[0]), Number(reply[1])];
    return tickets.map((_, i) => {
      const atUs = Number(reply[3 + 2 * i]);
      return { granted: Number(reply[2 + 2 * i]) === 1, nowUs, atUs, waitMs: Math.ceil((atUs - nowUs) / 1000), ahead };
    });
  }

  /**
   * When its slot has come: `go` (with how late, µs, by the Redis clock; the request now counts as in flight),
   * `paused` (the reservation was given back: queue again), `early` (sleep `earlyUs`, then claim again) or `blocked`
   * (in-flight admission: try again within `waitUs`).
   */
  async claim(
    bucket: string,
    ticket: string,
    atUs: number,
  ): Promise<
    | { outcome: 'go'; lateUs: number }
    | { outcome: 'paused'; pausedMs: number }
    | { outcome: 'early'; earlyUs: number }
    | { outcome: 'blocked'; waitUs: number }
  > {
    const reply = (await claimScript.run(
      this.redis,
      [bucket, pauseKey(bucket), inFlightKey(bucket)],
      [ticket, atUs, ...this.inFlightArgs],
    )) as number[];
    const [code, value] = reply.map(Number);
    if (code === 1) return { outcome: 'paused', pausedMs: value };
    if (code === 2) return { outcome: 'early', earlyUs: value };
    if (code === 3) return { outcome: 'blocked', waitUs: value };
    return { outcome: 'go', lateUs: value };
  }

  /**
   * The request of a grant got its answer (or failed): it can no longer arrive later, so it stops counting one
   * window from now instead of `maxFlightMs` after its claim. Resolves with whether the grant was in flight (false
   * when unknown or expired) and the release time on the Redis clock. Call it once per grant when `inFlight` is set;
   * a grant never released just counts longer.
   */
  async release(bucket: string, ticket: string): Promise<{ released: boolean; atUs: number }> {
    checkKey(bucket);
    const [changed, atUs] = ((await releaseScript.run(this.redis, [inFlightKey(bucket)], [ticket])) as number[]).map(Number);
    return { released: changed === 1, atUs };
  }

  /** Gives a reservation back (the caller gave up): later callers can have the slot. */
  async cancel(bucket: string, ticket: string): Promise<void> {
    try {
      await this.redis.zrem(bucket, ticket);
    } catch (error) {
      throw toRedisUnavailableError(error);
    }
  }

  /**
   * Pauses the whole bucket for `ms` (for every process), unless a longer pause is already in force. Resolves with
   * the pause now in force, ms.
   */
  async pause(bucket: string, ms: number): Promise<number> {
    checkKey(bucket);
    const wanted = Math.ceil(ms);
    if (!Number.isFinite(wanted) || wanted <= 0) return this.pausedFor(bucket);
    return Number(await pauseScript.run(this.redis, [pauseKey(bucket)], [wanted]));
  }

  /** The pause left on the bucket, ms (0 when it is not paused). */
  async pausedFor(bucket: string): Promise<number> {
    checkKey(bucket);
    try {
      return Math.max(0, await this.redis.pttl(pauseKey(bucket)));
    } catch (error) {
      throw toRedisUnavailableError(error);
    }
  }

  /** The log's scheduled grant times (µs, oldest first), for tests and diagnostics. */
  async scheduled(bucket: string): Promise<number[]> {
    checkKey(bucket);
    try {
      const flat = await this.redis.zrange(bucket, 0, -1, 'WITHSCORES');
      const out: number[] = [];
      for (let i = 1; i < flat.length; i += 2) out.push(Number(flat[i]));
      return out;
    } catch (error) {
      throw toRedisUnavailableError(error);
    }
  }

  private batcher(bucket: string): ReservationBatcher {
    let batcher = this.batchers.get(bucket);
    if (!batcher) {
      batcher = new ReservationBatcher((tickets) => this.reserveMany(bucket, tickets));
      this.batchers.set(bucket, batcher);
    }
    return batcher;
  }

  /** The longest window in µs (entries older than this are dropped). */
  get longestWindowUs(): number {
    return this.longestUs;
  }
}

/** The pause marker's key, next to the bucket's log. */
export function pauseKey(bucket: string): string {
  return `${bucket}:paused`;
}

/** The in-flight set's key, next to the bucket's log. */
export function inFlightKey(bucket: string): string {
  return `${bucket}:inflight`;
}

/** A {@link SlidingLogLimiter} over `options.redis`. */
export function createSlidingLogLimiter(options: SlidingLogLimiterOptions): SlidingLogLimiter {
  return new SlidingLogLimiter(options);
}
