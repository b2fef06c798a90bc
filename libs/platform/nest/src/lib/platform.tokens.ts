/** Injection tokens of what the platform module provides to every service. */
export const CONFIG = Symbol('ringside:config');
export const LOGGER = Symbol('ringside:logger');
export const NAMESPACE = Symbol('ringside:namespace');
export const SERVICE_INFO = Symbol('ringside:service-info');
export const REDIS = Symbol('ringside:redis');
export const NATS_CONNECTION = Symbol('ringside:nats');
export const HEALTH_CHECKS = Symbol('ringside:health-checks');

export interface ServiceInfo {
  name: string;
  version: string;
  instanceId: string;
  startedAt: Date;
}
