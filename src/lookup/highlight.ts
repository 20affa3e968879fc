// HTML-safe highlighting for the staff lookup: every character of the text is escaped, and
// the matched terms are wrapped in <mark>. The only markup in the output is <mark>…</mark>,
// so the staff page can insert it as HTML without trusting the knowledge texts.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One case-insensitive pattern for all terms, longest first (新会区 before 新会). */
function termPattern(terms: Iterable<string>): RegExp | undefined {
  const list = [...new Set([...terms].filter((t) => t.trim() !== ''))].sort((a, b) => b.length - a.length);
  return list.length > 0 ? new RegExp(list.map(escapeRegExp).join('|'), 'giu') : undefined;
}

/** The text escaped, with every occurrence of a term wrapped in <mark> (adjacent ones merged). */
export function highlight(text: string, terms: Iterable<string>): string {
  const pattern = termPattern(terms);
  if (!pattern) return escapeHtml(text);
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    const last = spans[spans.length - 1];
    if (last && last[1] === at) last[1] = at + m[0].length;
    else spans.push([at, at + m[0].length]);
  }
  let out = '';
  let from = 0;
  for (const [start, end] of spans) {
    out += `${escapeHtml(text.slice(from, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    from = end;
  }
  return out + escapeHtml(text.slice(from));
}

/**
 * A short excerpt of `text` around the first matched term (the start when none matches),
 * highlighted; "…" marks where it was cut. Line breaks become spaces.
 */
export function snippet(text: string, terms: Iterable<string>, width = 120): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= width) return highlight(flat, terms);
  const pattern = termPattern(terms);
  const first = pattern ? (pattern.exec(flat)?.index ?? 0) : 0;
  // Code-point offset of the first match, so surrogate pairs are never split.
  const firstChar = Array.from(flat.slice(0, first)).length;
  const start = Math.max(0, Math.min(firstChar - Math.floor(width / 4), chars.length - width));
  const end = Math.min(chars.length, start + width);
  const body = highlight(chars.slice(start, end).join(''), terms);
  return `${start > 0 ? '…' : ''}${body}${end < chars.length ? '…' : ''}`;
}
