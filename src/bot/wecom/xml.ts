// A strict reader for the small XML documents WeCom sends: <xml> with child elements holding
// text or CDATA, possibly one level of nesting (some events). No DTDs, no entities beyond the
// predefined ones, no attributes: anything else is malformed and rejected.
export class XmlError extends Error {}

export type XmlNode = { [name: string]: string | XmlNode };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) throw new XmlError('bad character reference');
      return String.fromCodePoint(code);
    }
    const v = ENTITIES[e.toLowerCase()];
    if (v === undefined) throw new XmlError(`unknown entity &${e};`);
    return v;
  });
}

const MAX_DEPTH = 4;

function parseChildren(s: string, depth: number): XmlNode {
  if (depth > MAX_DEPTH) throw new XmlError('too deeply nested');
  const out: XmlNode = {};
  const open = /\s*<([A-Za-z_][\w.-]*)>/y;
  let pos = 0;
  while (pos < s.length) {
    if (/^\s*$/.test(s.slice(pos))) break;
    open.lastIndex = pos;
    const m = open.exec(s);
    if (!m) throw new XmlError(`unexpected content at ${pos}`);
    const name = m[1];
    const bodyStart = open.lastIndex;
    const close = `</${name}>`;
    let value: string | XmlNode;
    let end: number;
    if (s.startsWith('<![CDATA[', bodyStart)) {
      const cdEnd = s.indexOf(']]>', bodyStart + 9);
      if (cdEnd < 0) throw new XmlError('unterminated CDATA');
      value = s.slice(bodyStart + 9, cdEnd);
      end = cdEnd + 3;
      if (!s.startsWith(close, end)) throw new XmlError(`expected ${close}`);
    } else {
      end = s.indexOf(close, bodyStart);
      if (end < 0) throw new XmlError(`unclosed <${name}>`);
      const inner = s.slice(bodyStart, end);
      // Same-named nested elements are not used by WeCom; refuse rather than mis-pair them.
      if (inner.includes(`<${name}>`)) throw new XmlError(`nested <${name}>`);
      value = inner.includes('<') ? parseChildren(inner, depth + 1) : decodeText(inner);
    }
    if (Object.prototype.hasOwnProperty.call(out, name)) throw new XmlError(`duplicate <${name}>`);
    out[name] = value;
    pos = end + close.length;
  }
  return out;
}

/** Parses `<xml>…</xml>`; throws XmlError on anything malformed. */
export function parseWecomXml(raw: string): XmlNode {
  const s = raw.trim();
  const m = s.match(/^(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>$/);
  if (!m) throw new XmlError('not an <xml> document');
  return parseChildren(m[1], 1);
}

/** A text field of a parsed document ('' when absent or not text). */
export function field(doc: XmlNode, name: string): string {
  const v = doc[name];
  return typeof v === 'string' ? v : '';
}

/** Builds the flat XML WeCom uses (values in CDATA). For tests and passive replies. */
export function buildWecomXml(fields: Record<string, string | number>): string {
  const parts = Object.entries(fields).map(([k, v]) =>
    typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${String(v).replace(/]]>/g, ']]]]><![CDATA[>')}]]></${k}>`,
  );
  return `<xml>${parts.join('')}</xml>`;
}
