import { gzipSync } from 'node:zlib';

/**
 * Pure rules of certificates: what the public may see, the Open Badges 3.0 credential and the
 * Bitstring Status List. No I/O here (gzip is a computation).
 */

/** Initials of a name as chosen ("Nguyễn Văn An" → "N. V. A."): enough to match a paper, not to find a person. */
export function initialsOf(name: string): string {
  return name
    .normalize('NFC')
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w))
    .map((w) => `${[...w.replace(/^[^\p{L}]+/u, '')][0]!.toLocaleUpperCase('vi')}.`)
    .join(' ');
}

/** The public part of the platform: stable URLs every credential points at. */
export type IssuerUrls = {
  origin: string;
  issuer: string;
  jwks: string;
  statusList: string;
  verify: (code: string) => string;
};

export function issuerUrls(origin: string): IssuerUrls {
  return {
    origin,
    issuer: `${origin}/api/v1/issuer`,
    jwks: `${origin}/api/v1/issuer/jwks.json`,
    statusList: `${origin}/api/v1/credentials/status/1`,
    verify: (code) => `${origin}/xac-minh/${code}`,
  };
}

export const ISSUER_NAME = 'Học vụ số';
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The framework the competence codes come from (content/FRAMEWORK.md in shared). */
export const COMPETENCE_FRAMEWORK = 'Thông tư 02/2025/TT-BGDĐT (khung năng lực số)';

export type CertificateFacts = {
  code: string;
  name: string;
  earnedAt: Date;
  curriculumVersion: string;
  group: string;
  groupTitle: string;
  /** the curriculum's pass rule, as its file words it */
  criteria: string;
  /** competence codes of the group's core lessons, sorted */
  competences: string[];
  supervised: boolean | null;
  statusIndex: number;
};

/** The issuer as credentials name it (OB 3.0 Profile). */
export function issuerProfile(urls: IssuerUrls) {
  return { id: urls.issuer, type: ['Profile'], name: ISSUER_NAME, url: urls.origin };
}

/**
 * An OpenBadgeCredential (OB 3.0 on the VC Data Model 2.0) for one certificate, before it is secured.
 * The learner is named as they chose (an IdentityObject of type name); no account id, no birth year.
 */
export function openBadgeCredential(c: CertificateFacts, urls: IssuerUrls) {
  const title = `Đạt phổ cập tri thức số — nhóm ${c.groupTitle}`;
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: urls.verify(c.code),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: issuerProfile(urls),
    validFrom: c.earnedAt.toISOString(),
    name: title,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: c.name }],
      achievement: {
        id: `${urls.issuer}/achievements/${encodeURIComponent(c.curriculumVersion)}/${c.group}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: title,
        description:
          `Hoàn thành chương trình Học vụ số phiên bản ${c.curriculumVersion} cho nhóm ${c.groupTitle}` +
          (c.supervised === null
            ? '.'
            : c.supervised
              ? '; bài đánh giá cuối có giám sát.'
              : '; bài đánh giá cuối tự làm.'),
        criteria: { narrative: c.criteria },
        version: c.curriculumVersion,
        tag: c.competences.map((code) => `năng lực số ${code}`),
        alignment: c.competences.map((code) => ({
          type: ['Alignment'],
          targetCode: code,
          targetName: `Năng lực số ${code}`,
          targetFramework: COMPETENCE_FRAMEWORK,
          targetUrl: `urn:vn:tt-02-2025-bgddt:nang-luc:${code}`,
        })),
        creator: issuerProfile(urls),
      },
    },
    credentialStatus: {
      id: `${urls.statusList}#${c.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(c.statusIndex),
      statusListCredential: urls.statusList,
    },
  };
}
export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;

/** The spec's minimum length (16 KB uncompressed): a list that small says little about any one holder. */
export const STATUS_LIST_MIN_BITS = 131_072;

/**
 * Bitstring Status List `encodedList`: bit i (the left-most bit of byte 0 is index 0) is 1 when
 * position i is revoked, GZIP-compressed, base64url, multibase prefix "u" (W3C Bitstring Status List 1.0).
 */
export function encodeStatusList(revoked: Iterable<number>, length: number): string {
  const bits = Math.max(STATUS_LIST_MIN_BITS, Math.ceil(length / STATUS_LIST_MIN_BITS) * STATUS_LIST_MIN_BITS);
  const bytes = new Uint8Array(bits / 8);
  for (const i of revoked) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** The status list credential, before it is secured. */
export function statusListCredential(encodedList: string, urls: IssuerUrls, at: Date) {
  return {
    '@context': [VC_CONTEXT],
    id: urls.statusList,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.issuer,
    validFrom: at.toISOString(),
    credentialSubject: {
      id: `${urls.statusList}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList,
    },
  };
}
