/**
 * Names derived from RINGSIDE_NAMESPACE: one place decides how a run is isolated (schema names, NATS subjects
 * and stream names, Redis key prefix). With an empty namespace, the production names are used as they are.
 */
export class Namespace {
  constructor(public readonly value: string) {}

  schema(name: string): string {
    return this.value ? `${this.value}_${name}` : name;
  }

  subject(subject: string): string {
    return this.value ? `${this.value}.${subject}` : subject;
  }

  streamName(name: string): string {
    return this.value ? `${this.value.toUpperCase()}_${name}` : name;
  }

  get redisKeyPrefix(): string {
    return this.value ? `${this.value}:` : '';
  }
}
