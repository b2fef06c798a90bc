import { Injectable } from '@nestjs/common';
import { RingApiError, RingErrorCode } from '../world/errors/ring-api.error';
import { isPatchableStatus, PATCHABLE_STATUSES } from '../world/integration-status';
import { isoSeconds } from '../world/time-format';
import { type Principal, WorldService } from '../world/world.service';

export interface ConfirmLinkResponse {
  status: 'awaiting';
}

export interface IntegrationResponse {
  account_identifier: string | null;
  status: string;
  updated_at: string;
}

const NO_INTEGRATION = 'No integration exists for this token';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new RingApiError(RingErrorCode.BadRequest, `${field} must be a string`);
  return value;
}

/** App Integrations API: POST (verify the nonce -> awaiting) and PATCH (completed/awaiting, account_identifier). */
@Injectable()
export class AppIntegrationsService {
  constructor(private readonly world: WorldService) {}

  confirm(principal: Principal, body: unknown): ConfirmLinkResponse {
    const fields = isObject(body) ? body : {};
    const nonce = fields['nonce'];
    if (nonce === undefined || nonce === null || nonce === '') {
      throw new RingApiError(RingErrorCode.MissingRequiredFields, 'The nonce field is missing');
    }
    if (typeof nonce !== 'string')
      throw new RingApiError(
        RingErrorCode.InvalidNonce,
        'Nonce validation failed: the nonce must be a string',
      );
    const accountIdentifier = optionalString(fields, 'account_identifier');
    const result = this.world.confirmLink(principal, nonce, accountIdentifier);
    if (result.ok) return { status: 'awaiting' };
    switch (result.reason) {
      case 'no_integration':
        throw RingApiError.notFound(NO_INTEGRATION);
      case 'mismatch':
        throw new RingApiError(RingErrorCode.InvalidNonce, 'Nonce validation failed');
      case 'expired':
        throw new RingApiError(
          RingErrorCode.InvalidNonce,
          'Nonce validation failed: the link request is older than 600 seconds',
        );
      case 'used':
        throw new RingApiError(
          RingErrorCode.InvalidNonce,
          'Nonce validation failed: the nonce has been used already',
        );
    }
  }

  update(principal: Principal, body: unknown): IntegrationResponse {
    const fields = isObject(body) ? body : {};
    const hasStatus = fields['status'] !== undefined;
    const accountIdentifier = optionalString(fields, 'account_identifier');
    if (!hasStatus && accountIdentifier === undefined) {
      throw new RingApiError(
        RingErrorCode.MissingRequiredFields,
        'Request body is empty: give status and/or account_identifier',
      );
    }
    const status = fields['status'];
    if (hasStatus && !isPatchableStatus(status)) {
      throw new RingApiError(
        RingErrorCode.InvalidStatusTransition,
        `The requested status change is not allowed: status must be one of ${PATCHABLE_STATUSES.join(', ')}`,
      );
    }
    const result = this.world.updateIntegration(principal, {
      ...(isPatchableStatus(status) ? { status } : {}),
      ...(accountIdentifier === undefined ? {} : { accountIdentifier }),
    });
    if (!result.ok) {
      switch (result.reason) {
        case 'no_integration':
          throw RingApiError.notFound(NO_INTEGRATION);
        case 'invalid_transition':
          throw new RingApiError(
            RingErrorCode.InvalidStatusTransition,
            'The requested status change is not allowed: the account link has not been verified (POST the nonce first)',
          );
      }
    }
    const { integration } = result;
    return {
      account_identifier: integration.accountIdentifier,
      status: integration.status,
      updated_at: isoSeconds(integration.updatedAt),
    };
  }
}
