import { allModules } from '$lib/server/catalog';
import { lastLessonOpened, myAssignments, passedLessons } from '$lib/server/learner';

// Rendered for each visitor: "Tiếp tục học" and a pupil's assignments come with the page, which
// ships no framework (docs/adr/0007).
export const prerender = false;
export const csr = false;

export const load = async ({ fetch, cookies, url }) => {
  const [passed, assignments] = await Promise.all([passedLessons(fetch, cookies), myAssignments(fetch, cookies)]);
  return {
    modules: allModules(),
    passed,
    last: lastLessonOpened(cookies),
    assignments,
    now: new Date().toISOString(),
    deleted: url.searchParams.has('da-xoa'),
  };
};
