// How the Go SDK spells things: Go names for the contract's words (with Go's initialisms), enum
// constant names, and comments wrapped the way gofmt leaves them.

/** Words Go spells in capitals (Go's own initialisms plus the API's abbreviations). */
const INITIALISMS = new Set(['id', 'ids', 'url', 'uri', 'api', 'http', 'json', 'uuid', 'ip', 'ssn', 'kyc', 'pdf', 'ach', 'iex', 'ytd', 'etf']);

function word(w: string): string {
  const lower = w.toLowerCase();
  if (lower === 'ids') return 'IDs';
  if (INITIALISMS.has(lower)) return lower.toUpperCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** `bank_account_id` → `BankAccountID`, `52week_high` → `Week52High`, `KycResult` → `KYCResult`. */
export function goName(text: string): string {
  const parts = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  if (parts.length && /^[0-9]/.test(parts[0]!)) {
    // An identifier cannot start with a digit: the number moves behind the first word.
    const m = /^([0-9]+)(.*)$/.exec(parts[0]!)!;
    if (m[2]) parts[0] = m[2] + m[1]!;
    else if (parts.length > 1) { parts[1] = parts[1]! + m[1]; parts.shift(); } else parts[0] = 'N' + m[1];
  }
  return parts.map(word).join('');
}

/** Enum constant suffix: keeps a leading digit (the constant starts with its type's name). */
export function constName(value: string): string {
  const words = value.replace(/\*/g, ' all ').replace(/[$,]/g, '').replace(/ - /g, ' to ').replace(/\+/g, ' plus ');
  const parts = words.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return parts.length ? parts.map(word).join('') : 'Empty';
}

/** The Go type name of a component schema. `Error` is taken by the runtime's error type. */
export function typeName(schemaName: string): string {
  if (schemaName === 'Error') return 'ErrorResponse';
  return goName(schemaName.replace(/Request$/, 'Params'));
}

export const singular = (s: string) => (/ss$/.test(s) ? s : s.replace(/ies$/, 'y').replace(/s$/, ''));

export function comment(text: string | undefined, indent: string): string[] {
  if (!text) return [];
  return text.trim().split('\n').map((l) => l.trimEnd()).map((l) => (l ? `${indent}// ${l}` : `${indent}//`));
}

/**
 * A declaration's doc comment: the description's first paragraph, on lines no longer than 100
 * columns. gofmt rewrites doc comments that look like lists, headings or code; one plain
 * paragraph it leaves alone, so the output stays gofmt-clean. (Field comments are kept whole:
 * gofmt does not reformat them.)
 */
export function docComment(text: string | undefined): string[] {
  if (!text) return [];
  const first = text.trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim();
  const words = first.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    // A line must not begin like a list item, or gofmt would indent it.
    const risky = /^([-*+•]|[0-9]+[.)]?$|#)/.test(w);
    if (line && line.length + 1 + w.length > 97 && !risky) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => `// ${l}`);
}

export const goString = (s: string) => JSON.stringify(s);
