/**
 * A port of jmespath.py's lexer and Pratt parser, used only to reject invalid `--query` expressions
 * with the AWS CLI's exact messages and caret positions (evaluation is left to the `jmespath` package).
 *
 * Reproduces: jmespath.py 1.1.0 (jmespath/lexer.py, jmespath/parser.py), as installed beside
 * aws-cli/1.45.11.
 */
import { loads, pyRepr, pyStr } from './pyjson.js';

/** An invalid expression; the message is jmespath.py's. */
export class JmesSyntaxError extends Error {}

interface Token {
  type: string;
  value: unknown;
  start: number;
}

const SIMPLE: Record<string, string> = {
  '.': 'dot',
  '*': 'star',
  ']': 'rbracket',
  ',': 'comma',
  ':': 'colon',
  '@': 'current',
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
};
const START_ID = /[A-Za-z_]/;
const ID = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

class LexerError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

function tokenize(expression: string): Token[] {
  const chars = Array.from(expression);
  const n = chars.length;
  let pos = 0;
  let cur: string | undefined = chars[0];
  const next = (): string | undefined => {
    if (pos === n - 1) cur = undefined;
    else cur = chars[++pos];
    return cur;
  };
  const tokens: Token[] = [];
  const consumeUntil = (delim: string): string => {
    const start = pos;
    let buff = '';
    next();
    while (cur !== delim) {
      if (cur === '\\') {
        buff += '\\';
        next();
      }
      if (cur === undefined) throw new LexerError(start, `Unclosed ${delim} delimiter`);
      buff += cur;
      next();
    }
    next();
    return buff;
  };
  const matchOrElse = (expected: string, matchType: string, elseType: string): Token => {
    const start = pos;
    const c = cur!;
    const nx = next();
    if (nx === expected) {
      next();
      return { type: matchType, value: c + nx, start };
    }
    return { type: elseType, value: c, start };
  };
  const number = (): string => {
    let buff = cur!;
    while (next() !== undefined && DIGIT.test(cur!)) buff += cur;
    return buff;
  };
  while (cur !== undefined) {
    const c = cur;
    if (c in SIMPLE) {
      tokens.push({ type: SIMPLE[c]!, value: c, start: pos });
      next();
    } else if (START_ID.test(c)) {
      const start = pos;
      let buff = c;
      while (next() !== undefined && ID.test(cur!)) buff += cur;
      tokens.push({ type: 'unquoted_identifier', value: buff, start });
    } else if (' \t\n\r'.includes(c)) {
      next();
    } else if (c === '[') {
      const start = pos;
      const nx = next();
      if (nx === ']') {
        next();
        tokens.push({ type: 'flatten', value: '[]', start });
      } else if (nx === '?') {
        next();
        tokens.push({ type: 'filter', value: '[?', start });
      } else tokens.push({ type: 'lbracket', value: '[', start });
    } else if (c === "'") {
      const start = pos;
      tokens.push({ type: 'literal', value: consumeUntil("'").replaceAll("\\'", "'"), start });
    } else if (c === '|') {
      tokens.push(matchOrElse('|', 'or', 'pipe'));
    } else if (c === '&') {
      tokens.push(matchOrElse('&', 'and', 'expref'));
    } else if (c === '`') {
      const start = pos;
      const lexeme = consumeUntil('`').replaceAll('\\`', '`');
      let value: unknown;
      try {
        value = loads(lexeme);
      } catch {
        try {
          value = loads(`"${lexeme.replace(/^\s+/, '')}"`);
        } catch {
          throw new LexerError(start, `Bad token ${lexeme}`);
        }
      }
      tokens.push({ type: 'literal', value, start });
    } else if (DIGIT.test(c)) {
      const start = pos;
      tokens.push({ type: 'number', value: Number(number()), start });
    } else if (c === '-') {
      const start = pos;
      const buff = number();
      if (buff.length > 1) tokens.push({ type: 'number', value: Number(buff), start });
      else throw new LexerError(start, `Unknown token '${buff}'`);
    } else if (c === '"') {
      const start = pos;
      const lexeme = '"' + consumeUntil('"') + '"';
      try {
        tokens.push({ type: 'quoted_identifier', value: loads(lexeme), start });
      } catch (e) {
        throw new LexerError(start, (e as Error).message.split(':')[0]!);
      }
    } else if (c === '<') {
      tokens.push(matchOrElse('=', 'lte', 'lt'));
    } else if (c === '>') {
      tokens.push(matchOrElse('=', 'gte', 'gt'));
    } else if (c === '!') {
      tokens.push(matchOrElse('=', 'ne', 'not'));
    } else if (c === '=') {
      if (next() === '=') {
        tokens.push({ type: 'eq', value: '==', start: pos - 1 });
        next();
      } else {
        throw new LexerError(cur === undefined ? pos : pos - 1, "Unknown token '='");
      }
    } else {
      throw new LexerError(pos, `Unknown token ${c}`);
    }
  }
  tokens.push({ type: 'eof', value: '', start: n });
  return tokens;
}

const BP: Record<string, number> = {
  eof: 0,
  unquoted_identifier: 0,
  quoted_identifier: 0,
  literal: 0,
  rbracket: 0,
  rparen: 0,
  comma: 0,
  rbrace: 0,
  number: 0,
  current: 0,
  expref: 0,
  colon: 0,
  pipe: 1,
  or: 2,
  and: 3,
  eq: 5,
  gt: 5,
  lt: 5,
  gte: 5,
  lte: 5,
  ne: 5,
  flatten: 9,
  star: 20,
  filter: 21,
  dot: 40,
  not: 45,
  lbrace: 50,
  lbracket: 55,
  lparen: 60,
};
const PROJECTION_STOP = 10;

class ParseError extends Error {
  constructor(
    readonly position: number,
    readonly tokenValue: unknown,
    readonly tokenType: string,
    readonly msg: string,
  ) {
    super(msg);
  }
}
class Incomplete extends Error {}

interface Node {
  type: string;
  children?: Node[];
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): void {
    this.expression(0);
    if (this.cur() !== 'eof') {
      const t = this.tok(0);
      throw new ParseError(t.start, t.value, t.type, `Unexpected token: ${pyStr(t.value)}`);
    }
  }

  private tok(k: number): Token {
    return this.tokens[this.i + k]!;
  }
  private cur(): string {
    return this.tokens[this.i]!.type;
  }
  private advance(): void {
    this.i++;
  }
  private fail(t: Token, reason: string): never {
    throw new ParseError(t.start, t.value, t.type, reason);
  }
  private match(type: string): void {
    if (this.cur() === type) this.advance();
    else this.failMaybeEof(type, this.tok(0));
  }
  private failMaybeEof(expected: string | string[], t: Token): never {
    if (t.type === 'eof') throw new Incomplete();
    throw new ParseError(t.start, t.value, t.type, `Expecting: ${Array.isArray(expected) ? pyRepr(expected) : expected}, got: ${t.type}`);
  }

  private expression(bp: number): Node {
    const left = this.tok(0);
    this.advance();
    let node = this.nud(left);
    let current = this.cur();
    while (bp < (BP[current] ?? 0)) {
      if (!LED.has(current)) this.fail(this.tok(0), 'invalid token');
      this.advance();
      node = this.led(current, node);
      current = this.cur();
    }
    return node;
  }

  private nud(t: Token): Node {
    switch (t.type) {
      case 'literal':
        return { type: 'literal' };
      case 'unquoted_identifier':
        return { type: 'field' };
      case 'quoted_identifier':
        if (this.cur() === 'lparen') {
          const x = this.tok(0);
          throw new ParseError(0, x.value, x.type, 'Quoted identifier not allowed for function names.');
        }
        return { type: 'field' };
      case 'star':
        if (this.cur() !== 'rbracket') this.projectionRhs(BP.star!);
        return { type: 'value_projection' };
      case 'filter':
        return this.led('filter', { type: 'identity' });
      case 'lbrace':
        return this.multiSelectHash();
      case 'lparen': {
        const e = this.expression(0);
        this.match('rparen');
        return e;
      }
      case 'flatten':
        this.projectionRhs(BP.flatten!);
        return { type: 'projection' };
      case 'not':
        this.expression(BP.not!);
        return { type: 'not_expression' };
      case 'lbracket':
        if (this.cur() === 'number' || this.cur() === 'colon') {
          const right = this.indexExpression();
          return this.projectIfSlice({ type: 'identity' }, right);
        }
        if (this.cur() === 'star' && this.tok(1).type === 'rbracket') {
          this.advance();
          this.advance();
          this.projectionRhs(BP.star!);
          return { type: 'projection' };
        }
        return this.multiSelectList();
      case 'current':
        return { type: 'current' };
      case 'expref':
        this.expression(BP.expref!);
        return { type: 'expref' };
      default:
        if (t.type === 'eof') throw new Incomplete();
        this.fail(t, 'invalid token');
    }
  }

  private led(type: string, left: Node): Node {
    switch (type) {
      case 'dot':
        if (this.cur() !== 'star') {
          const right = this.dotRhs(BP.dot!);
          if (left.type === 'subexpression') {
            left.children!.push(right);
            return left;
          }
          return { type: 'subexpression', children: [left, right] };
        }
        this.advance();
        this.projectionRhs(BP.dot!);
        return { type: 'value_projection' };
      case 'pipe':
      case 'or':
      case 'and':
        this.expression(BP[type]!);
        return { type };
      case 'lparen': {
        if (left.type !== 'field') {
          const prev = this.tok(-2);
          throw new ParseError(prev.start, prev.value, prev.type, `Invalid function name '${pyStr(prev.value)}'`);
        }
        while (this.cur() !== 'rparen') {
          this.expression(0);
          if (this.cur() === 'comma') this.match('comma');
        }
        this.match('rparen');
        return { type: 'function_expression' };
      }
      case 'filter':
        this.expression(0);
        this.match('rbracket');
        if (this.cur() !== 'flatten') this.projectionRhs(BP.filter!);
        return { type: 'filter_projection' };
      case 'eq':
      case 'ne':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        this.expression(BP[type]!);
        return { type: 'comparator' };
      case 'flatten':
        this.projectionRhs(BP.flatten!);
        return { type: 'projection' };
      case 'lbracket': {
        const t = this.tok(0);
        if (t.type === 'number' || t.type === 'colon') {
          const right = this.indexExpression();
          if (left.type === 'index_expression') {
            left.children!.push(right);
            return left;
          }
          return this.projectIfSlice(left, right);
        }
        this.match('star');
        this.match('rbracket');
        this.projectionRhs(BP.star!);
        return { type: 'projection' };
      }
      default:
        this.fail(this.tok(0), 'invalid token');
    }
  }

  private indexExpression(): Node {
    if (this.tok(0).type === 'colon' || this.tok(1).type === 'colon') return this.sliceExpression();
    this.advance();
    this.match('rbracket');
    return { type: 'index' };
  }

  private sliceExpression(): Node {
    let index = 0;
    let current = this.cur();
    while (current !== 'rbracket' && index < 3) {
      if (current === 'colon') {
        index++;
        if (index === 3) this.fail(this.tok(0), 'syntax error');
        this.advance();
      } else if (current === 'number') {
        this.advance();
      } else {
        this.fail(this.tok(0), 'syntax error');
      }
      current = this.cur();
    }
    this.match('rbracket');
    return { type: 'slice' };
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const indexExpr: Node = { type: 'index_expression', children: [left, right] };
    if (right.type === 'slice') {
      this.projectionRhs(BP.star!);
      return { type: 'projection' };
    }
    return indexExpr;
  }

  private multiSelectList(): Node {
    for (;;) {
      this.expression(0);
      if (this.cur() === 'rbracket') break;
      this.match('comma');
    }
    this.match('rbracket');
    return { type: 'multi_select_list' };
  }

  private multiSelectHash(): Node {
    for (;;) {
      if (!['quoted_identifier', 'unquoted_identifier'].includes(this.cur())) this.failMaybeEof(['quoted_identifier', 'unquoted_identifier'], this.tok(0));
      this.advance();
      this.match('colon');
      this.expression(0);
      if (this.cur() === 'comma') this.match('comma');
      else if (this.cur() === 'rbrace') {
        this.match('rbrace');
        break;
      }
    }
    return { type: 'multi_select_dict' };
  }

  private projectionRhs(bp: number): Node {
    const c = this.cur();
    if ((BP[c] ?? 0) < PROJECTION_STOP) return { type: 'identity' };
    if (c === 'lbracket' || c === 'filter') return this.expression(bp);
    if (c === 'dot') {
      this.match('dot');
      return this.dotRhs(bp);
    }
    this.fail(this.tok(0), 'syntax error');
  }

  private dotRhs(bp: number): Node {
    const c = this.cur();
    if (c === 'quoted_identifier' || c === 'unquoted_identifier' || c === 'star') return this.expression(bp);
    if (c === 'lbracket') {
      this.match('lbracket');
      return this.multiSelectList();
    }
    if (c === 'lbrace') {
      this.match('lbrace');
      return this.multiSelectHash();
    }
    const t = this.tok(0);
    this.fail(t, `Expecting: ${pyRepr(['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'])}, got: ${t.type}`);
  }
}

const LED = new Set(['dot', 'pipe', 'or', 'and', 'lparen', 'filter', 'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'flatten', 'lbracket']);

/** Throws a JmesSyntaxError with jmespath.py's text when `expression` does not parse. */
export function checkSyntax(expression: string): void {
  if (expression === '') throw new JmesSyntaxError('Invalid JMESPath expression: cannot be empty.');
  let tokens: Token[];
  try {
    tokens = tokenize(expression);
  } catch (e) {
    if (e instanceof LexerError) throw new JmesSyntaxError(`Bad jmespath expression: ${e.message}:\n${expression}\n${' '.repeat(e.position)}^`);
    throw e;
  }
  try {
    new Parser(tokens).parse();
  } catch (e) {
    if (e instanceof Incomplete) {
      throw new JmesSyntaxError(`Invalid jmespath expression: Incomplete expression:\n"${expression}"\n${' '.repeat(Array.from(expression).length + 1)}^`);
    }
    if (e instanceof ParseError) {
      throw new JmesSyntaxError(
        `${e.msg}: Parse error at column ${e.position}, token "${pyStr(e.tokenValue)}" (${e.tokenType.toUpperCase()}), for expression:\n"${expression}"\n${' '.repeat(e.position + 1)}^`,
      );
    }
    throw e;
  }
}
