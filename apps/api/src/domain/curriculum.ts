import type { StudentLevel } from '@hvs/contracts';

export type LearnerGroups = { publicServant: boolean; worker: boolean; studentLevel: StudentLevel | null };

const STUDENT_GROUP: Record<StudentLevel, string> = {
  primary: 'student_primary',
  lower_secondary: 'student_lower_secondary',
  upper_secondary: 'student_upper_secondary',
  higher: 'student_higher',
};

/**
 * The curriculum group whose core lessons make this learner "đạt phổ cập": a student follows their
 * level; otherwise public-sector staff, then workers, then every adult.
 */
export function curriculumGroupOf(groups: LearnerGroups): string {
  if (groups.studentLevel) return STUDENT_GROUP[groups.studentLevel];
  if (groups.publicServant) return 'public_servant';
  if (groups.worker) return 'worker';
  return 'adult';
}
