import { Inject, Injectable } from '@nestjs/common';
import { LinkedAccounts } from '@ringside/auth';
import { AppError, ErrorCode } from '@ringside/http';
import { CATALOG_CLOCK, type Clock } from './catalog.options';
import { CatalogRepository } from './catalog.repository';
import { type ApiDeviceResource, type ApiDocument, deviceDocument, devicesDocument } from './device-documents';
import { parseDevicesQuery } from './devices-query';

/**
 * The signed-in user's devices: those of the Ring accounts linking says the user has linked, asked on every call
 * (an unlink takes effect at once). A device of any other account answers exactly like an unknown one.
 */
@Injectable()
export class DevicesQueryService {
  constructor(
    @Inject(CatalogRepository) private readonly repository: CatalogRepository,
    @Inject(LinkedAccounts) private readonly linkedAccounts: LinkedAccounts,
    @Inject(CATALOG_CLOCK) private readonly clock: Clock,
  ) {}

  async list(partnerUserId: string, rawQuery: Record<string, unknown>): Promise<ApiDocument<ApiDeviceResource[]>> {
    const query = parseDevicesQuery(rawQuery, { list: true });
    const linked = await this.linkedAccounts.of(partnerUserId);
    const accounts = query.account === undefined ? linked : linked.filter((a) => a === query.account);
    const devices = await this.repository.devicesOf(accounts);
    return devicesDocument(devices, query.include, this.clock.now(), query.account === undefined ? {} : { account: query.account });
  }

  async one(partnerUserId: string, deviceId: string, rawQuery: Record<string, unknown>): Promise<ApiDocument<ApiDeviceResource>> {
    const query = parseDevicesQuery(rawQuery, { list: false });
    const device = await this.repository.deviceOf(deviceId, await this.linkedAccounts.of(partnerUserId));
    if (!device) throw new AppError(ErrorCode.NotFound, 'No such device.');
    return deviceDocument(device, query.include, this.clock.now());
  }
}
