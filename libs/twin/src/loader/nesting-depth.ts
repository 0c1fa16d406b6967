/** Mirrors ModelFormat of the loader (imported there, so not from it: no cycle). */
type ModelFormat = 'yaml' | 'json';

/** Deepest nesting a model document may have; real models stay under 10 levels. */
export const MAX_MODEL_NESTING = 64;

/**
 * Estimates the nesting depth of a model document from its text, before any parser sees it, so a hostile file
 * (20,000 nested lists) is refused with a reason instead of by exhausting the stack. Counts flow brackets outside
 * quoted strings and comments and, for YAML, block indentation levels and compact "- - -" sequences. Stops at the
 * first line that goes deeper than `max` and names it.
 */
export function nestingProblem(text: string, format: ModelFormat, max = MAX_MODEL_NESTING): string | undefined {
  const yaml = format === 'yaml';
  const indents: number[] = [];
  let flow = 0;
  let quote: string | undefined;
  let line = 1;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line += 1;
      atLineStart = true;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (yaml && atLineStart && flow === 0) {
      atLineStart = false;
      let indent = 0;
      while (text[i + indent] === ' ') indent += 1;
      const next = text[i + indent];
      if (next === undefined || next === '\n' || next === '#' || next === '\r') {
        i += indent - 1;
        continue;
      }
      while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
      let dashes = 0;
      let j = i + indent;
      while (text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
        dashes += 1;
        j += 2;
        while (text[j] === ' ') j += 1;
      }
      if (indents.length + dashes > max) return `nested deeper than ${max} levels at line ${line}`;
      i = j - 1;
      continue;
    }
    atLineStart = false;
    if (c === '"' || (yaml && c === "'")) quote = c;
    else if (yaml && c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i += 1;
    } else if (c === '[' || c === '{') {
      flow += 1;
      if (flow + indents.length > max) return `nested deeper than ${max} levels at line ${line}`;
    } else if ((c === ']' || c === '}') && flow > 0) flow -= 1;
  }
  return undefined;
}
