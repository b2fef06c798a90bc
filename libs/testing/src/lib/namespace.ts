import { randomBytes } from 'node:crypto';

/** A short, unique, lowercase namespace for one test run: usable as a schema prefix, subject token and key prefix. */
export function newTestNamespace(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
