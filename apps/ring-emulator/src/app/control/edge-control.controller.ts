import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { AppError, ErrorCode } from '@ringside/http';
import { type Fault, FaultInjector } from '../http/fault-injector';
import { RateLimitService, type RateLimitState } from '../http/rate-limit.service';
import { RequestJournal } from '../http/request-journal';
import { faultSchema, parse, rateLimitSchema } from './control.schemas';

/** A fault as the control API shows it (snake_case, like its input). */
function faultView(fault: Fault) {
  return {
    id: fault.id,
    ...(fault.method === undefined ? {} : { method: fault.method }),
    path: fault.path,
    ...(fault.status === undefined ? {} : { status: fault.status }),
    ...(fault.latencyMs === undefined ? {} : { latency_ms: fault.latencyMs }),
    ...(fault.retryAfter === undefined ? {} : { retry_after: fault.retryAfter }),
    ...(fault.headers === undefined ? {} : { headers: fault.headers }),
    ...(fault.body === undefined ? {} : { body: fault.body }),
    remaining: fault.remaining,
    hits: fault.hits,
  };
}

function optionalInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[0-9]{1,9}$/.test(value))
    throw new AppError(ErrorCode.ValidationFailed, `${name} must be a non-negative integer`, {
      parameter: name,
    });
  return Number(value);
}

/** /_emulator: faults, request journal, rate limit. */
@Controller('_emulator')
export class EdgeControlController {
  constructor(
    private readonly faults: FaultInjector,
    private readonly journal: RequestJournal,
    private readonly rateLimits: RateLimitService,
  ) {}

  @Get('faults')
  listFaults() {
    return { data: this.faults.list().map(faultView) };
  }

  /** E.g. `{"path":"/v1/devices","status":503,"times":2}` or `{"path":"/v1/*","status":429,"retry_after":3}`. */
  @Post('faults')
  addFault(@Body() body: unknown) {
    const input = parse(faultSchema, body);
    const fault = this.faults.add({
      path: input.path,
      ...(input.method ? { method: input.method } : {}),
      ...(input.status === undefined ? {} : { status: input.status }),
      ...(input.latency_ms === undefined ? {} : { latencyMs: input.latency_ms }),
      ...(input.retry_after === undefined ? {} : { retryAfter: input.retry_after }),
      ...(input.headers ? { headers: input.headers } : {}),
      ...(input.body === undefined ? {} : { body: input.body }),
      ...(input.times === undefined ? {} : { times: input.times }),
    });
    return faultView(fault);
  }

  @Delete('faults')
  @HttpCode(204)
  clearFaults(): void {
    this.faults.clear();
  }

  @Delete('faults/:id')
  @HttpCode(204)
  removeFault(@Param('id', ParseIntPipe) id: number): void {
    if (!this.faults.remove(id)) throw new AppError(ErrorCode.NotFound, `No fault ${id}`);
  }

  /** `?method=GET&path=/v1/devices*&client_id=…&since_id=12&limit=100` */
  @Get('journal')
  readJournal(
    @Query('method') method?: string,
    @Query('path') path?: string,
    @Query('client_id') clientId?: string,
    @Query('since_id') sinceId?: string,
    @Query('limit') limit?: string,
  ) {
    const since = optionalInt(sinceId, 'since_id');
    const max = optionalInt(limit, 'limit');
    const data = this.journal.list({
      ...(method ? { method } : {}),
      ...(path ? { path } : {}),
      ...(clientId ? { clientId } : {}),
      ...(since === undefined ? {} : { sinceId: since }),
      ...(max === undefined ? {} : { limit: max }),
    });
    return { meta: { last_id: this.journal.lastId, count: data.length }, data };
  }

  @Delete('journal')
  @HttpCode(204)
  clearJournal(): void {
    this.journal.clear();
  }

  @Get('rate-limit')
  rateLimit(): RateLimitState {
    return this.rateLimits.state();
  }

  @Put('rate-limit')
  setRateLimit(@Body() body: unknown): RateLimitState {
    return this.rateLimits.set(parse(rateLimitSchema, body).limit);
  }

  /** Lifts the limit (for benchmarks): 1,000,000 requests per second per client. PUT restores any value. */
  @Delete('rate-limit')
  liftRateLimit(): RateLimitState {
    return this.rateLimits.lift();
  }
}
