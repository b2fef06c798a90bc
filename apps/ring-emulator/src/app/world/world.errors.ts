/** Misuse of the world through the control API (or by another emulator feature): mapped to 4xx there. */
export enum WorldErrorCode {
  UnknownUser = 'unknown_user',
  UnknownDevice = 'unknown_device',
  UnknownApp = 'unknown_app',
  DeviceOfAnotherUser = 'device_of_another_user',
  DuplicateId = 'duplicate_id',
  InvalidInput = 'invalid_input',
}

export class WorldError extends Error {
  override readonly name = 'WorldError';

  constructor(
    readonly code: WorldErrorCode,
    message: string,
  ) {
    super(message);
  }
}
