// /api/auth/* (tokens service, ADR 0015): the session lives in an HttpOnly cookie the page never sees.
import { ApiError } from './api-error';
import { apiRequest } from './http-client';

export interface SignedInUser {
  id: string;
  email: string;
}

export interface Credentials {
  email: string;
  password: string;
}

interface UserDocument {
  data: { type: string; id: string; attributes: { email: string } };
}

function toUser(doc: UserDocument): SignedInUser {
  return { id: doc.data.id, email: doc.data.attributes.email };
}

export async function signUp(credentials: Credentials): Promise<SignedInUser> {
  return toUser(await apiRequest<UserDocument>('/api/auth/sign-up', { method: 'POST', body: credentials, refreshOn401: false }));
}

export async function signIn(credentials: Credentials): Promise<SignedInUser> {
  return toUser(await apiRequest<UserDocument>('/api/auth/sign-in', { method: 'POST', body: credentials, refreshOn401: false }));
}

export async function signOut(): Promise<void> {
  await apiRequest<undefined>('/api/auth/sign-out', { method: 'POST', body: {}, refreshOn401: false });
}

/** The signed-in user, or null when there is no live session (401). Other failures reject. */
export async function currentUser(signal?: AbortSignal): Promise<SignedInUser | null> {
  try {
    return toUser(await apiRequest<UserDocument>('/api/auth/me', { refreshOn401: false, ...(signal ? { signal } : {}) }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}
