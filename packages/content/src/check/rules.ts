/** Limits the content must keep (docs/content-format.md, shared/content/GUIDE.md). */
export const RULES = {
  minPool: 8,
  minItemTypes: 2,
  minDraw: 5,
  maxDraw: 8,
  maxImageBytes: 30 * 1024,
  minMinutes: 3,
  maxMinutes: 7,
  // Reading speed, in syllables (tiếng: one per space-separated Vietnamese word) a minute. Measured
  // young adults read aloud 370 ± 80 syllables a minute on average over 17 languages (IReST,
  // Trauzettel-Klosinski & Dietz 2012, IOVS 53:5452); adults read slower with age and less practice
  // (Brysbaert 2019, J. Mem. Lang. 109). Our readers are adults new to screens, on a small phone,
  // following steps: we assume a bit over half of the IReST mean. This is the platform's assumption,
  // not a measurement of Vietnamese readers.
  syllablesPerMinute: 200,
  // A quiz item: its prompt, choices and explanation read at the same speed, plus this long to
  // decide, tap and read the feedback line of the answer.
  secondsPerItem: 10,
  // How far the stated `minutes` may be from the estimate.
  minutesSlack: 2,
  // Practice blocks vs the lesson's quiz items, compared as sets of 3-syllable runs (about one and a
  // half Vietnamese words). On the curriculum as of commit 413a5ea, a practice block and a quiz item
  // that tell different stories share at most 15% of the smaller one's runs, even on the same topic
  // and in the same lesson; a scam message rewritten from a quiz item with the same warning signs
  // shares 25–38%. The threshold sits between; the floor of shared runs keeps two short texts that
  // happen to share a few stock phrases ("mã OTP", "số tài khoản") from counting as a copy.
  shingleSize: 3,
  maxPracticeOverlap: 0.2,
  minSharedShingles: 10,
} as const;

