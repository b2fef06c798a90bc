import { DEFAULT_RECONCILE_INTERVAL_MS, readCatalogOptions } from './catalog.options';

describe(readCatalogOptions.name, () => {
  it('defaults the reconciliation to 15 minutes and reads CATALOG_RECONCILE_INTERVAL_MS', () => {
    expect(readCatalogOptions({}).reconcileIntervalMs).toBe(DEFAULT_RECONCILE_INTERVAL_MS);
    expect(readCatalogOptions({ CATALOG_RECONCILE_INTERVAL_MS: '' }).reconcileIntervalMs).toBe(15 * 60_000);
    expect(readCatalogOptions({ CATALOG_RECONCILE_INTERVAL_MS: '2000' }).reconcileIntervalMs).toBe(2000);
    expect(readCatalogOptions({ CATALOG_RECONCILE_INTERVAL_MS: '0' }).reconcileIntervalMs).toBe(0);
  });

  it.each(['abc', '-1', '999', '1.5', '700000000'])('refuses %s naming the variable', (value) => {
    expect(() => readCatalogOptions({ CATALOG_RECONCILE_INTERVAL_MS: value })).toThrow(/^Invalid configuration: CATALOG_RECONCILE_INTERVAL_MS /);
  });
});
