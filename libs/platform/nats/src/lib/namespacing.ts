import { NatsErrorCode, NatsPlatformError } from './nats.errors';

// A subject token: printable, no whitespace, no wildcard, no separator.
const SUBJECT_TOKEN = /^[^\s.*>]+$/;
// Stream and consumer names: what every NATS server and client accepts (no dots, wildcards, slashes, spaces).
const NAME = /^[A-Za-z0-9_-]+$/;

function invalid(message: string): NatsPlatformError {
  return new NatsPlatformError(NatsErrorCode.InvalidName, message);
}

/**
 * Checks a subject or subject filter: dot-separated non-empty tokens, `*` as a whole token, `>` only as the last
 * token (wildcards only when `allowWildcards`).
 */
export function assertValidSubject(subject: string, { allowWildcards = false } = {}): void {
  const tokens = subject.split('.');
  tokens.forEach((token, i) => {
    const wildcard = token === '*' || (token === '>' && i === tokens.length - 1);
    if (wildcard && allowWildcards) return;
    if (!SUBJECT_TOKEN.test(token)) {
      throw invalid(
        `invalid NATS subject ${JSON.stringify(subject)}: token ${i + 1} (${JSON.stringify(token)})`,
      );
    }
  });
}

/** The prefix must itself be a (wildcard-free) subject: it becomes the leading tokens of every subject. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  try {
    assertValidSubject(prefix);
  } catch {
    throw invalid(`invalid NATS namespace prefix ${JSON.stringify(prefix)}: use letters, digits, '-' or '_'`);
  }
}

/** `${prefix}.${subject}`, or the subject itself when the prefix is empty (production). */
export function prefixedSubject(prefix: string, subject: string): string {
  assertValidPrefix(prefix);
  assertValidSubject(subject, { allowWildcards: true });
  return prefix ? `${prefix}.${subject}` : subject;
}

/** The inverse of {@link prefixedSubject}: the subject as the contracts name it. Foreign subjects are returned as is. */
export function unprefixedSubject(prefix: string, subject: string): string {
  return prefix && subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject;
}

/**
 * A stream or consumer name in the namespace: `${PREFIX}_${name}` with the prefix upper-cased and every character
 * a name cannot hold replaced by `_`; the name itself when the prefix is empty. The name must already be valid
 * (letters, digits, `_`, `-`): a silent rewrite could make two names collide.
 */
export function prefixedName(prefix: string, name: string): string {
  if (!NAME.test(name)) {
    throw invalid(`invalid stream/consumer name ${JSON.stringify(name)}: use letters, digits, '-' or '_'`);
  }
  if (prefix === '') return name;
  return `${prefix.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}_${name}`;
}
