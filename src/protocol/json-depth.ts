import { OPERATION_MODELS, SHAPES } from '../model/generated.js';

/**
 * How many JSON containers (objects and arrays) a value of shape `name` nests, counting its own: 0 for a
 * string or number, 1 for a structure of scalars, 2 for a list of those, and so on.
 */
export function shapeDepth(name: string, path: ReadonlySet<string> = new Set()): number {
  const shape = SHAPES[name];
  if (!shape) throw new TypeError(`unknown shape ${name}`);
  if (path.has(name)) throw new TypeError(`shape ${name} is recursive; its depth has no bound`);
  const inner = new Set(path).add(name);
  switch (shape.type) {
    case 'structure':
      return 1 + Math.max(0, ...Object.values(shape.members).map((m) => shapeDepth(m.shape, inner)));
    case 'list':
      return 1 + shapeDepth(shape.member, inner);
    case 'map':
      return 1 + shapeDepth(shape.value, inner);
    default:
      return 0;
  }
}

/**
 * The deepest nesting a request body may have: the deepest input shape of any operation (4 today:
 * CreateUserPool's `{"Schema":[{"StringAttributeConstraints":{…}}]}`) plus a margin of 16 for members a
 * newer SDK may send that our model does not know (they are ignored, but must not be refused).
 * Without a bound, a 1 MiB body of `[[[[…` costs JSON.parse about 450 ms of CPU; refusing it after a
 * byte scan costs about a millisecond.
 */
export const MAX_JSON_DEPTH = Math.max(...Object.values(OPERATION_MODELS).map((m) => shapeDepth(m.input))) + 16;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether the JSON text in `body` opens more than `limit` objects or arrays inside one another. Brackets
 * inside strings do not count. Only the nesting is checked, not the syntax: JSON.parse does that after.
 */
export function nestsDeeperThan(body: Buffer, limit: number): boolean {
  // A body this short cannot open more containers than it has bytes.
  if (body.length <= limit) return false;
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === QUOTE) {
      i = closingQuote(body, i);
      if (i < 0) return false;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Where the string opened at `open` ends (its closing quote), or -1 if it does not; found natively, so long strings cost little. */
function closingQuote(body: Buffer, open: number): number {
  let at = open;
  for (;;) {
    at = body.indexOf(QUOTE, at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    while (body[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}
