/** What each service does, for people (the wire names stay visible next to these). */
const LABELS: Record<string, string> = {
  gateway: 'Gateway',
  tokens: 'Auth & tokens',
  linking: 'Account linking',
  catalog: 'Device catalog',
  ingest: 'Webhook ingest',
  media: 'Media',
};

export function serviceLabel(name: string): string {
  return LABELS[name] ?? name;
}
