import { Module } from '@nestjs/common';

/** Ring's side of the Partner API (OAuth, /v1, /appstore, webhooks, /_emulator control API) lives here. */
@Module({})
export class RingEmulatorModule {}
