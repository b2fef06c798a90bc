import { Injectable } from '@nestjs/common';

export interface FaultSpec {
  /** Only this method (any when omitted). */
  method?: string;
  /** Exact path (no query), or a prefix ending in `*`: `/v1/devices*`. */
  path: string;
  /** Answer with this status instead of the real handler (after the latency, if any). */
  status?: number;
  /** Delay before answering (emulator time: moving the clock releases it early). */
  latencyMs?: number;
  /** Retry-After in seconds (with status 429 or 503, typically). */
  retryAfter?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** A JSON body instead of Ring's error document for the status. */
  body?: unknown;
  /** For the next N matching calls (default 1); null means until removed. */
  times?: number | null;
}

export interface Fault extends FaultSpec {
  id: number;
  remaining: number | null;
  hits: number;
}

/** Faults injected through the control API, matched in the order they were added. */
@Injectable()
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      ...spec,
      method: spec.method?.toUpperCase(),
      id: this.nextId++,
      remaining: spec.times === undefined ? 1 : spec.times,
      hits: 0,
    };
    if (fault.method === undefined) delete fault.method;
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this call, counted; spent faults disappear. */
  take(method: string, path: string): Fault | undefined {
    if (this.faults.length === 0) return undefined;
    const fault = this.faults.find((f) => matches(f, method, path));
    if (!fault) return undefined;
    fault.hits++;
    if (fault.remaining !== null) {
      fault.remaining--;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }
}

export function matches(fault: Pick<FaultSpec, 'method' | 'path'>, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method !== method.toUpperCase()) return false;
  return fault.path.endsWith('*') ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
}
