import { randomUUID } from 'node:crypto';
import type { DeviceCapabilities, DeviceConfigurations, PowerSource, Zone } from './world.model';
import type { DeviceKind } from './world.port';

/**
 * Default capabilities and configurations per kind of device, shaped after the reference's examples
 * (Capabilities, Configurations). A device only has configuration keys for what its capabilities list
 * ("Not all devices will have all configuration options").
 */
export function defaultCapabilities(kind: DeviceKind, power: PowerSource): DeviceCapabilities {
  switch (kind) {
    case 'doorbell':
      return {
        video: {
          configurations: ['resolution_mode'],
          codecs: power === 'line' ? ['HEVC', 'AVC'] : ['AVC'],
          ratio: '4:3',
          max_resolution: 1536,
          supported_resolutions: [1536, 1080],
        },
        motion_detection: { configurations: ['enabled', 'motion_zones'] },
        image_enhancements: {
          configurations: ['color_night_vision', 'hdr', 'ir_led_night_vision', 'privacy_zones'],
        },
      };
    case 'camera':
      return {
        video: {
          configurations: ['resolution_mode'],
          codecs: ['AVC'],
          ratio: '16:9',
          max_resolution: 1080,
          supported_resolutions: [1080],
        },
        motion_detection: { configurations: ['enabled', 'motion_zones'] },
        image_enhancements: {
          configurations: ['color_night_vision', 'ir_led_night_vision', 'privacy_zones'],
        },
      };
    case 'floodlight':
      return {
        video: {
          configurations: ['resolution_mode'],
          codecs: ['HEVC'],
          ratio: '16:9',
          max_resolution: 2160,
          supported_resolutions: [2160],
        },
        motion_detection: { configurations: ['enabled', 'motion_zones'] },
        image_enhancements: {
          configurations: [
            'color_night_vision',
            'hdr',
            'ir_led_night_vision',
            'auto_zoom_track',
            'privacy_zones',
          ],
        },
      };
  }
}

/** The reference's example motion zone: the lower 80 % of the frame, as eight vertices. */
export function lowerFrameZone(id: string = randomUUID()): Zone {
  return {
    id,
    vertices: [
      { x: 0, y: 0.2 },
      { x: 0.5, y: 0.2 },
      { x: 1, y: 0.2 },
      { x: 1, y: 0.6 },
      { x: 1, y: 1 },
      { x: 0.5, y: 1 },
      { x: 0, y: 1 },
      { x: 0, y: 0.6 },
    ],
  };
}

/** Configurations matching the capabilities: motion on with one zone, enhancements off, no privacy zones. */
export function defaultConfigurations(capabilities: DeviceCapabilities): DeviceConfigurations {
  const out: DeviceConfigurations = {};
  const motion = capabilities.motion_detection?.configurations ?? [];
  if (motion.length > 0) {
    out.motion_detection = {};
    if (motion.includes('enabled')) out.motion_detection.enabled = 'on';
    if (motion.includes('motion_zones')) out.motion_detection.motion_zones = [lowerFrameZone()];
  }
  const image = capabilities.image_enhancements?.configurations ?? [];
  if (image.length > 0) {
    out.image_enhancements = {};
    for (const key of ['color_night_vision', 'hdr', 'ir_led_night_vision', 'auto_zoom_track'] as const) {
      if (image.includes(key)) out.image_enhancements[key] = 'off';
    }
    if (image.includes('privacy_zones')) out.image_enhancements.privacy_zones = [];
  }
  return out;
}
