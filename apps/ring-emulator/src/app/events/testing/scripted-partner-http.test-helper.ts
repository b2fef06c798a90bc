import {
  PartnerHttpClient,
  type PartnerHttpOutcome,
  type PartnerPostRequest,
} from '../delivery/partner-http.client';

/** A PartnerHttpClient for unit tests: records requests (with the time read from `now`) and answers from a script. */
export class ScriptedPartnerHttp extends PartnerHttpClient {
  readonly requests: (PartnerPostRequest & { at: number })[] = [];
  private readonly script: PartnerHttpOutcome[] = [];

  constructor(
    private readonly now: () => number,
    private readonly fallback: PartnerHttpOutcome = {
      kind: 'response',
      status: 200,
      durationMs: 1,
      bodyExcerpt: '',
    },
  ) {
    super();
  }

  /** Queues answers for the next requests, in order; afterwards the fallback answers. */
  answer(...outcomes: (number | PartnerHttpOutcome)[]): this {
    for (const o of outcomes)
      this.script.push(
        typeof o === 'number' ? { kind: 'response', status: o, durationMs: 1, bodyExcerpt: '' } : o,
      );
    return this;
  }

  post(request: PartnerPostRequest): Promise<PartnerHttpOutcome> {
    this.requests.push({ ...request, at: this.now() });
    return Promise.resolve(this.script.shift() ?? this.fallback);
  }
}

/** Lets every promise chain started so far settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
