/**
 * Demo data for the zero-setup install (`npm start` on the embedded database): one account per
 * role, so a newcomer can try every view at once. The passwords are published in the README, so
 * this data is never loaded into a PostgreSQL deployment unless SEED_DEMO=true is set on purpose.
 */
export const DEMO_PASSWORD = 'hocvuso-demo';

/** Phường Hoàn Kiếm, Thành phố Hà Nội. */
export const DEMO_COMMUNE = '00070';
export const DEMO_PROVINCE = '01';

export type DemoAccount = {
  login: string;
  displayName: string;
  birthYear: number;
  role: 'learner' | 'teacher' | 'ambassador' | 'official' | 'admin';
  /** the unit a role covers; null = the whole country */
  scope: string | null;
  /** for the learner: lessons passed (in order) and lessons tried without passing */
  passes?: number;
  tries?: number;
  publicServant?: boolean;
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { login: 'hocvien', displayName: 'Nguyễn Thị Lan (học viên)', birthYear: 1968, role: 'learner', scope: null, passes: 4, tries: 1 },
  { login: 'giaovien', displayName: 'Trần Văn Minh (giáo viên)', birthYear: 1985, role: 'teacher', scope: DEMO_COMMUNE },
  { login: 'daisuso', displayName: 'Lê Thu Hà (đại sứ số)', birthYear: 1999, role: 'ambassador', scope: DEMO_COMMUNE },
  { login: 'canboxa', displayName: 'Phạm Quốc Huy (cán bộ phường)', birthYear: 1980, role: 'official', scope: DEMO_COMMUNE, publicServant: true },
  { login: 'canbotinh', displayName: 'Đỗ Minh Châu (cán bộ thành phố)', birthYear: 1975, role: 'official', scope: DEMO_PROVINCE, publicServant: true },
  { login: 'quantri', displayName: 'Quản trị hệ thống', birthYear: 1990, role: 'admin', scope: null },
];
