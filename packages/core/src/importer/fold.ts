/**
 * Blanks that web pages and Word exports write for indentation and spacing besides the ideographic space U+3000:
 * EM SPACE (&emsp;), EN SPACE (&ensp;), the other typographic spaces, and the zero-width characters a CMS leaves
 * behind. The rules of the importer read U+3000, ASCII blanks and the no-break space; a text indented with EM SPACEs
 * would otherwise have no line that starts with its label, and no item at all.
 */
const WIDE = /[\u2001\u2003]/g;
// The zero-width joiner stands outside the class: inside one it would read as joining its neighbours.
const NARROW = /[\u1680\u2000\u2002\u2004-\u200c\u202f\u205f\u2060\ufeff]|\u200d/g;

/**
 * The small form variants (U+FE50–U+FE6B: ﹒ ﹐ ﹑ ﹔ ﹕ ﹙ ﹚ …), which some typesetting writes for the ordinary
 * punctuation: "1﹒推进…" is item 1 as much as "1．推进…" is. Each is read as its compatibility form (NFKC), which
 * is one character too.
 */
const SMALL_FORM = /[\ufe50-\ufe6b]/g;

/**
 * The text with each such blank replaced by one U+3000 (the em-wide ones) or one ASCII space (the rest), and each
 * small form variant by its ordinary form: one character for one, so every offset into the result is an offset into
 * the text as given.
 */
export function foldText(text: string): string {
  if (!/[\u1680\u2000-\u200d\u202f\u205f\u2060\ufeff\ufe50-\ufe6b]/.test(text)) return text;
  return text
    .replace(WIDE, '\u3000')
    .replace(NARROW, ' ')
    .replace(SMALL_FORM, (c) => {
      const n = c.normalize('NFKC');
      return n.length === 1 ? n : c;
    });
}
