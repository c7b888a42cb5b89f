export { ADMIN_UNITS_SOURCE, adminUnits, searchKey, shortName } from './admin-units.ts';
export type { AdminUnit, AdminUnitKind } from './admin-units.ts';
export { DEMO_ACCOUNTS, DEMO_COMMUNE, DEMO_PASSWORD, DEMO_PROVINCE, type DemoAccount } from './demo.ts';
