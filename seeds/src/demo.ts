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
  {
    login: 'hocvien',
    displayName: 'Nguyễn Thị Lan (học viên)',
    birthYear: 1968,
    role: 'learner',
    scope: null,
    passes: 4,
    tries: 1,
  },
  {
    login: 'giaovien',
    displayName: 'Trần Văn Minh (giáo viên)',
    birthYear: 1985,
    role: 'teacher',
    scope: DEMO_COMMUNE,
  },
  { login: 'daisuso', displayName: 'Lê Thu Hà (đại sứ số)', birthYear: 1999, role: 'ambassador', scope: DEMO_COMMUNE },
  {
    login: 'canboxa',
    displayName: 'Phạm Quốc Huy (cán bộ phường)',
    birthYear: 1980,
    role: 'official',
    scope: DEMO_COMMUNE,
    publicServant: true,
  },
  {
    login: 'canbotinh',
    displayName: 'Đỗ Minh Châu (cán bộ thành phố)',
    birthYear: 1975,
    role: 'official',
    scope: DEMO_PROVINCE,
    publicServant: true,
  },
  { login: 'quantri', displayName: 'Quản trị hệ thống', birthYear: 1990, role: 'admin', scope: null },
];

/**
 * The demo teacher's classes, so the board is alive the first time someone opens it. Each class
 * lists its pupils in the order of the class's assigned lessons: `passes` lessons passed from the
 * first, then `fails` lessons tried without passing; the attempts are graded by the real service.
 * The seed assigns, in the first class, two lessons due in a week and the next two due two days ago:
 * passing those now is recorded as late, leaving them is overdue. Pupils sign in with DEMO_PASSWORD.
 */
export type DemoPupil = { login: string; displayName: string; passes: number; fails: number };
export type DemoClass = { name: string; school: string; pupils: DemoPupil[] };

export const DEMO_PUPIL_BIRTH_YEAR = 2013;

export const DEMO_CLASSES: DemoClass[] = [
  {
    name: '6A — Tin học',
    school: 'Trường demo Hoàn Kiếm',
    pupils: [
      { login: 'hocsinh', displayName: 'Lê Minh An', passes: 3, fails: 0 },
      { login: 'hs.binh', displayName: 'Trần Gia Bình', passes: 1, fails: 1 },
      { login: 'hs.chi', displayName: 'Phạm Bảo Chi', passes: 0, fails: 1 },
      { login: 'hs.dung', displayName: 'Ngô Tiến Dũng', passes: 2, fails: 0 },
      { login: 'hs.giang', displayName: 'Đỗ Hương Giang', passes: 0, fails: 0 },
      { login: 'hs.khoa', displayName: 'Vũ Đăng Khoa', passes: 1, fails: 2 },
    ],
  },
  {
    name: '7B — Tin học',
    school: 'Trường demo Hoàn Kiếm',
    pupils: [
      { login: 'hs.lan', displayName: 'Hoàng Ngọc Lan', passes: 1, fails: 0 },
      { login: 'hs.minh', displayName: 'Bùi Quang Minh', passes: 0, fails: 1 },
      { login: 'hs.nam', displayName: 'Đặng Hải Nam', passes: 0, fails: 0 },
    ],
  },
];
