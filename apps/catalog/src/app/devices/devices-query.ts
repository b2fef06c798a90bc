import { AppError, ErrorCode } from '@ringside/http';
import { INCLUDABLE, type Includable, parseInclude } from './device-documents';

export interface DevicesQuery {
  include: ReadonlySet<Includable>;
  /** `filter[account]`: only this Ring account's devices (list only). */
  account?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `filter[x]` whether the query string parser left it flat (`filter[x]`) or nested (`filter: {x}`). */
function filters(query: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(query)) {
    const flat = /^filter\[([^\]]*)\]$/.exec(key);
    if (flat) out.set(flat[1], value);
    else if (key === 'filter' && isObject(value)) for (const [k, v] of Object.entries(value)) out.set(k, v);
    else if (key === 'filter') out.set('', value);
  }
  return out;
}

/**
 * The query of `/api/devices` and `/api/devices/{id}` (JSON:API): `include` (any of status, capabilities,
 * location, configurations) and, on the list, `filter[account]`. Unknown include paths, other filters, `sort` and
 * `page` are a 400 naming the parameter (JSON:API: a server that does not support them must say so).
 */
export function parseDevicesQuery(query: Record<string, unknown>, options: { list: boolean }): DevicesQuery {
  const include = parseInclude(query['include']);
  if (!include.ok) {
    throw new AppError(ErrorCode.BadRequest, `Unknown include path ${include.invalid.map((p) => JSON.stringify(p)).join(', ')}: use any of ${INCLUDABLE.join(', ')}.`, {
      parameter: 'include',
    });
  }
  const result: DevicesQuery = { include: include.include };
  for (const key of Object.keys(query)) {
    if (key === 'sort' || key === 'page' || key.startsWith('page[')) {
      throw new AppError(ErrorCode.BadRequest, `${key} is not supported here.`, { parameter: key });
    }
  }
  for (const [name, value] of filters(query)) {
    if (!options.list || name !== 'account') {
      throw new AppError(ErrorCode.BadRequest, options.list ? 'The only filter is filter[account].' : 'A single device takes no filter.', { parameter: `filter[${name}]` });
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new AppError(ErrorCode.BadRequest, 'filter[account] must be one Ring account id.', { parameter: 'filter[account]' });
    }
    result.account = value.trim();
  }
  return result;
}
