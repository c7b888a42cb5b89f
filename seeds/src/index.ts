export { ADMIN_UNITS_SOURCE, adminUnits, searchKey, shortName } from './admin-units.ts';
export type { AdminUnit, AdminUnitKind } from './admin-units.ts';
