import { Inject, Injectable } from '@nestjs/common';
import type { RingTokenEntity } from '@ringside/tokens-data-access';
import { TOKEN_KEYRING, tokenAad, type TokenKeyring } from '../crypto/token-keyring';

/** Seals and opens the token columns of a row with the keyring (the only place plaintext tokens meet rows). */
@Injectable()
export class RingTokenVault {
  constructor(@Inject(TOKEN_KEYRING) private readonly keyring: TokenKeyring) {}

  seal(rowId: string, tokens: { accessToken: string; refreshToken: string }): Pick<RingTokenEntity, 'keyVersion' | 'accessTokenEnc' | 'refreshTokenEnc'> {
    const access = this.keyring.seal(tokens.accessToken, tokenAad(rowId, 'access'));
    const refresh = this.keyring.seal(tokens.refreshToken, tokenAad(rowId, 'refresh'));
    return { keyVersion: access.version, accessTokenEnc: access.blob, refreshTokenEnc: refresh.blob };
  }

  accessToken(row: Pick<RingTokenEntity, 'id' | 'keyVersion' | 'accessTokenEnc'>): string {
    return this.keyring.open({ version: row.keyVersion, blob: row.accessTokenEnc }, tokenAad(row.id, 'access'));
  }

  refreshToken(row: Pick<RingTokenEntity, 'id' | 'keyVersion' | 'refreshTokenEnc'>): string {
    return this.keyring.open({ version: row.keyVersion, blob: row.refreshTokenEnc }, tokenAad(row.id, 'refresh'));
  }
}
