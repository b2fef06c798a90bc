import { Module } from '@nestjs/common';

/** Event history: the JetStream consumer that stores every event, `/api/events`, its SSE stream, and backfill. */
@Module({})
export class HistoryModule {}
