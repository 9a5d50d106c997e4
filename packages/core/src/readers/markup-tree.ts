import { Parser } from 'htmlparser2';

/** A minimal element tree: enough for the readers, without depending on domhandler's types. */
export interface MarkupElement {
  name: string;
  attribs: Record<string, string>;
  children: MarkupNode[];
  parent: MarkupElement | null;
}

export type MarkupNode = MarkupElement | string;

/**
 * Parses HTML (forgiving, entities decoded, tag names lower-cased) or XML (names kept as written, e.g. `w:p`)
 * into a tree. htmlparser2 never throws on malformed input; it closes what it must.
 */
export function parseMarkup(source: string, xmlMode: boolean): MarkupElement {
  const root: MarkupElement = { name: '#root', attribs: {}, children: [], parent: null };
  let current = root;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const el: MarkupElement = { name, attribs, children: [], parent: current };
        current.children.push(el);
        current = el;
      },
      onclosetag() {
        if (current.parent) current = current.parent;
      },
      ontext(data) {
        const last = current.children[current.children.length - 1];
        // Entities arrive as separate text events; merge them so text stays one string per run.
        if (typeof last === 'string') current.children[current.children.length - 1] = last + data;
        else current.children.push(data);
      },
    },
    { xmlMode, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(source);
  parser.end();
  return root;
}

/** All text below a node, in document order. */
export function textOf(node: MarkupNode): string {
  if (typeof node === 'string') return node;
  let out = '';
  for (const c of node.children) out += textOf(c);
  return out;
}
