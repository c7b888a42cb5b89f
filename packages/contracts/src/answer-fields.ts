/**
 * The quiz form's answer fields (no-JavaScript form, POST /attempts/form): `q.<itemId>` for an item's
 * own field, `q.<itemId>.<sub>` for one of its parts (an ordering step, a matching row). The web
 * renders them, the quiz engine reads them into responses, and a refused form sends them back.
 */
const PREFIX = 'q.';

/** A field name as a refused form may send it back: item ids and sub-keys in the characters they use. */
export const ANSWER_FIELD_NAME = /^q\.[a-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/;

/** The item and sub-key of an answer field ("" for the item's own field); null for any other field. */
export function parseAnswerField(name: string): { itemId: string; sub: string } | null {
  if (!name.startsWith(PREFIX)) return null;
  const rest = name.slice(PREFIX.length);
  const dot = rest.indexOf('.');
  const itemId = dot === -1 ? rest : rest.slice(0, dot);
  return itemId === '' ? null : { itemId, sub: dot === -1 ? '' : rest.slice(dot + 1) };
}
