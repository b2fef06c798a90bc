import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ClientNats } from '@nestjs/microservices';
import { Namespace } from '@ringside/config';
import { firstValueFrom, timeout } from 'rxjs';
import type { z } from 'zod';
import { NAMESPACE } from './platform.tokens';

/**
 * `@MessagePattern` with the run's namespace applied (RINGSIDE_NAMESPACE, read once when the class is defined;
 * empty in production). Use it for every request-reply handler so test runs never answer each other.
 */
export function RpcHandler(subject: string): MethodDecorator {
  return MessagePattern(new Namespace(process.env['RINGSIDE_NAMESPACE'] ?? '').subject(subject));
}

export class RpcError extends Error {
  constructor(
    readonly subject: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject}: ${message}`, options);
    this.name = 'RpcError';
  }
}

/** Request-reply over core NATS with both ends validated against the contract's schemas. */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  constructor(
    private readonly client: ClientNats,
    @Inject(NAMESPACE) private readonly namespace: Namespace,
  ) {}

  async request<Req extends z.ZodType, Res extends z.ZodType>(
    contract: { subject: string; request: Req; reply: Res },
    payload: z.input<Req>,
    options: { timeoutMs?: number } = {},
  ): Promise<z.output<Res>> {
    const data = contract.request.parse(payload);
    let raw: unknown;
    try {
      raw = await firstValueFrom(
        this.client.send(this.namespace.subject(contract.subject), data).pipe(timeout(options.timeoutMs ?? 2000)),
      );
    } catch (error) {
      const message = error instanceof Error && error.name === 'TimeoutError' ? 'no reply in time' : error instanceof Error ? error.message : String(error);
      throw new RpcError(contract.subject, message, { cause: error });
    }
    const parsed = contract.reply.safeParse(raw);
    if (!parsed.success) throw new RpcError(contract.subject, `reply does not match the contract: ${parsed.error.message}`);
    return parsed.data;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
