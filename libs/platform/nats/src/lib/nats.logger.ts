/** The slice of a pino logger this library writes to; a pino `Logger` fits as is. */
export interface NatsLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => undefined;

export const silentNatsLogger: NatsLogger = { debug: noop, info: noop, warn: noop, error: noop };
