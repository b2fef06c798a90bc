import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from '@ringside/database';
import { PartnerSessionEntity, PartnerUserEntity } from '@ringside/tokens-data-access';
import { IsNull } from 'typeorm';

export class EmailTakenError extends Error {
  constructor() {
    super('email already registered');
    this.name = 'EmailTakenError';
  }
}

const UNIQUE_VIOLATION = '23505';

/** Partner users and their sessions in the tokens schema. */
@Injectable()
export class PartnerUserRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get users() {
    return this.dataSource.getRepository(PartnerUserEntity);
  }

  private get sessions() {
    return this.dataSource.getRepository(PartnerSessionEntity);
  }

  /** Inserts a user; the unique index on email decides races (-> EmailTakenError). */
  async createUser(email: string, passwordHash: string, now: Date): Promise<PartnerUserEntity> {
    const user = this.users.create({ id: randomUUID(), email, passwordHash, createdAt: now, updatedAt: now });
    try {
      await this.users.insert(user);
    } catch (error) {
      if ((error as { code?: string; driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) throw new EmailTakenError();
      throw error;
    }
    return user;
  }

  findUserByEmail(email: string): Promise<PartnerUserEntity | null> {
    return this.users.findOneBy({ email });
  }

  findUserById(id: string): Promise<PartnerUserEntity | null> {
    return this.users.findOneBy({ id });
  }

  async updatePasswordHash(userId: string, passwordHash: string, now: Date): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash, updatedAt: now });
  }

  async createSession(userId: string, now: Date, expiresAt: Date): Promise<PartnerSessionEntity> {
    const session = this.sessions.create({ id: randomUUID(), userId, createdAt: now, lastSeenAt: now, expiresAt, revokedAt: null });
    await this.sessions.insert(session);
    return session;
  }

  /** The session if it belongs to the user, is not revoked and has not expired. */
  async findLiveSession(sessionId: string, userId: string, now: Date): Promise<PartnerSessionEntity | null> {
    const session = await this.sessions.findOneBy({ id: sessionId, userId, revokedAt: IsNull() });
    return session && session.expiresAt.getTime() > now.getTime() ? session : null;
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    await this.sessions.update({ id: sessionId }, { lastSeenAt: now });
  }

  /** Revokes the session (idempotent); true when it was live. */
  async revokeSession(sessionId: string, userId: string, now: Date): Promise<boolean> {
    const result = await this.sessions.update({ id: sessionId, userId, revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }
}
