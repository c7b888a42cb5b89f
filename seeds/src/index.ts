export { ADMIN_UNITS_SOURCE, adminUnits, searchKey, shortName } from './admin-units.ts';
export type { AdminUnit, AdminUnitKind } from './admin-units.ts';
export {
  DEMO_ACCOUNTS,
  DEMO_CLASSES,
  DEMO_COMMUNE,
  DEMO_PASSWORD,
  DEMO_PROVINCE,
  DEMO_PUPIL_BIRTH_YEAR,
  type DemoAccount,
  type DemoClass,
  type DemoPupil,
} from './demo.ts';
