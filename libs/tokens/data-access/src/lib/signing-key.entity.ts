import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A session-JWT signing key pair (ADR 0015). Every tokens replica signs with the newest row; the JWKS lists the
 * newest ones so tokens signed before a rotation still verify. The private key is AES-256-GCM encrypted with the
 * TOKEN_ENCRYPTION_KEYS keyring (`v<N>.<base64url(iv | tag | ciphertext)>`, bound to its kid).
 */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ type: 'text' })
  alg!: string;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk!: Record<string, unknown>;

  @Column({ name: 'private_key_encrypted', type: 'text' })
  privateKeyEncrypted!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
