// Words for a malformed value: a failed `pattern` or `format` reads as what a good value looks
// like (openapi/pattern-messages.yaml, kept next to the contract), for the validator's findings and our own parsers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const PATTERN_MESSAGES_PATH = join(import.meta.dirname, '..', 'openapi', 'pattern-messages.yaml');

interface MessageTable {
  patterns: Record<string, string>;
  formats: Record<string, string>;
}

let table: MessageTable | undefined;

export function messageTable(): MessageTable {
  if (!table) {
    const doc = parse(readFileSync(PATTERN_MESSAGES_PATH, 'utf8')) as Partial<MessageTable>;
    table = { patterns: doc.patterns ?? {}, formats: doc.formats ?? {} };
  }
  return table;
}

/**
 * The validator's message for one value, in words: `must match pattern "^[A-Z]{2}$"` becomes
 * `must be a 2-letter code in upper case, e.g. "VA"`. Anything else is returned unchanged.
 */
export function humanize(message: string): string {
  const pattern = /^must match pattern "(.*)"$/s.exec(message);
  if (pattern) return messageTable().patterns[pattern[1]!] ?? `is not in the expected form (${pattern[1]})`;
  const format = /^must match format "(.*)"$/s.exec(message);
  if (format) return messageTable().formats[format[1]!] ?? `must be a valid ${format[1]}`;
  return message;
}
