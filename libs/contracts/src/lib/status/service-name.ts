/** The services behind the gateway that answer over NATS. */
export const SERVICE_NAMES = ['tokens', 'linking', 'catalog', 'ingest', 'media'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
