import { AppError } from '@ringside/http';
import { parseDevicesQuery } from './devices-query';

function refusal(fn: () => unknown): { status: number; code: string; parameter: string | undefined } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code, parameter: error.options.parameter };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe(parseDevicesQuery.name, () => {
  it('reads include and filter[account] (flat or nested), ignoring other parameters', () => {
    expect(parseDevicesQuery({ include: 'status,location', 'filter[account]': ' ava1.ring.account.A ', t: '1' }, { list: true })).toEqual({
      include: new Set(['status', 'location']),
      account: 'ava1.ring.account.A',
    });
    expect(parseDevicesQuery({ filter: { account: 'ava1.ring.account.B' } }, { list: true })).toEqual({ include: new Set(), account: 'ava1.ring.account.B' });
    expect(parseDevicesQuery({}, { list: false })).toEqual({ include: new Set() });
  });

  it.each([
    [{ include: 'status,owner' }, true, 'include'],
    [{ include: ['status', 'nope'] }, false, 'include'],
    [{ 'filter[name]': 'x' }, true, 'filter[name]'],
    [{ filter: { kind: 'camera' } }, true, 'filter[kind]'],
    [{ 'filter[account]': 'a' }, false, 'filter[account]'],
    [{ 'filter[account]': '' }, true, 'filter[account]'],
    [{ 'filter[account]': ['a', 'b'] }, true, 'filter[account]'],
    [{ sort: 'name' }, true, 'sort'],
    [{ 'page[size]': '10' }, true, 'page[size]'],
  ])('%j (list: %s) is a 400 naming %s', (query, list, parameter) => {
    expect(refusal(() => parseDevicesQuery(query, { list }))).toEqual({ status: 400, code: 'bad_request', parameter });
  });
});
