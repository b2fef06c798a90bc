// /api/links/* (linking service): the Ring account links of the signed-in user.
import { apiRequest } from './http-client';

export interface LinkRequest {
  nonce: string;
  time: number;
}

export interface LinkedAccount {
  ringAccountId: string;
  status: string;
  /** Masked, as Ring shows it (`j***e@example.com`). */
  accountIdentifier: string | null;
  /** When the link completed; null while it is not complete. */
  linkedAt: string | null;
}

/** The Ring user's e-mail for the sign-up form (release notes: e-mail pre-fill); no session needed. */
export async function fetchPrefill(link: LinkRequest, signal?: AbortSignal): Promise<{ email: string | null }> {
  const query = new URLSearchParams({ nonce: link.nonce, time: String(link.time) });
  const body = await apiRequest<{ email?: unknown }>(`/api/links/prefill?${query.toString()}`, signal ? { signal } : {});
  return { email: typeof body.email === 'string' && body.email !== '' ? body.email : null };
}

/** Claims the Ring token for the nonce and completes the integration. Idempotent for the same user and nonce. */
export async function createLink(link: LinkRequest): Promise<{ status: string; ringAccountId: string }> {
  return apiRequest('/api/links', { method: 'POST', body: { nonce: link.nonce, time: link.time } });
}

export async function listLinks(signal?: AbortSignal): Promise<LinkedAccount[]> {
  const body = await apiRequest<{ data?: LinkedAccount[] }>('/api/links', signal ? { signal } : {});
  return Array.isArray(body.data) ? body.data : [];
}

export async function deleteLink(ringAccountId: string): Promise<void> {
  await apiRequest<undefined>(`/api/links/${encodeURIComponent(ringAccountId)}`, { method: 'DELETE' });
}
