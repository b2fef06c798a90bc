import { BadRequestException } from '@nestjs/common';
import { RingApiError, RingErrorCode } from './ring-api.error';
import { toRingError } from './ring-api-exception.filter';

describe(toRingError.name, () => {
  it('answers with the reference`s titles', () => {
    expect(toRingError(RingApiError.invalidClient()).body.errors[0]).toMatchObject({
      status: '401',
      title: 'Invalid Client',
    });
    expect(toRingError(RingApiError.outOfScope()).body.errors[0]).toMatchObject({
      status: '403',
      title: 'Out of Scope Access',
    });
    expect(toRingError(RingApiError.notFound()).body.errors[0]).toMatchObject({
      status: '404',
      title: 'Not Found',
    });
    expect(toRingError(RingApiError.deviceOffline()).body).toEqual({
      errors: [{ status: '503', title: 'Device Unavailable', detail: 'Device is currently offline' }],
    });
    expect(toRingError(new RingApiError(RingErrorCode.InvalidNonce, 'x'))).toMatchObject({
      status: 400,
      body: { errors: [{ title: 'Invalid Nonce' }] },
    });
  });

  it('maps framework errors by status and hides internals of anything else', () => {
    expect(toRingError(new BadRequestException('nope')).body.errors[0]).toEqual({
      status: '400',
      title: 'Bad Request',
      detail: 'nope',
    });
    expect(toRingError({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }).body.errors[0]).toEqual({
      status: '400',
      title: 'Bad Request',
      detail: 'The request body is not valid JSON.',
    });
    expect(toRingError(new Error('db password in here'))).toEqual({
      status: 500,
      headers: {},
      body: { errors: [{ status: '500', title: 'Internal Server Error' }] },
    });
  });
});
