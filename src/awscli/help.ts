/**
 * Manual pages for `cognate cognito-idp help` and `cognate cognito-idp <operation> help`, laid out like
 * the AWS CLI's (NAME, DESCRIPTION, SYNOPSIS, OPTIONS with Shorthand and JSON Syntax, GLOBAL OPTIONS,
 * EXAMPLES, OUTPUT), generated from src/model and the documentation strings in src/model/docs.ts.
 * Plain text; paged (MANPAGER > PAGER > less -R) only when stdout is a terminal.
 */
import { CLI_OPERATION_NAMES, SHAPES, type OperationName } from '../model/generated.js';
import { memberDoc, OPERATION_DOCS, OPERATION_NOTES, PAGING_DOCS } from '../model/docs.js';
import type { Io } from './types.js';
import { OPERATION_BY_CLI_NAME, typeOf, type CommandSpec } from './spec.js';

function wrap(text: string, indent: number, width = 78): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && indent + cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

function header(name: string): string {
  const t = `${name.toUpperCase()}()`;
  return `${t}${' '.repeat(Math.max(1, 78 - 2 * t.length))}${t}\n\n\n\n`;
}

function footer(name: string): string {
  const t = `${name.toUpperCase()}()`;
  return `\n\n\n${' '.repeat(Math.max(1, 78 - t.length))}${t}\n`;
}

const GLOBALS: Array<[string, string, string, string[]?]> = [
  ['debug', 'boolean', 'Turn on debug logging. Tokens, passwords and other sensitive values are redacted.'],
  ['endpoint-url', 'string', "Override command's default URL with the given URL (for example http://127.0.0.1:9229 for cognate serve)."],
  ['no-verify-ssl', 'boolean', 'Do not verify TLS certificates when connecting over HTTPS.'],
  ['no-paginate', 'boolean', 'Disable automatic pagination: print only the first page of a list operation.'],
  ['output', 'string', 'The formatting style for command output.', ['json', 'text', 'table', 'yaml', 'yaml-stream']],
  ['query', 'string', 'A JMESPath query to use in filtering the response data.'],
  ['profile', 'string', 'Use a specific profile from your credential file.'],
  ['region', 'string', 'The region to use. Overrides config/env settings.'],
  ['version', 'string', 'Display the version of this tool.'],
  ['color', 'string', 'Turn on/off color output.', ['on', 'off', 'auto']],
  ['no-sign-request', 'boolean', 'Do not sign requests. Credentials will not be loaded if this argument is provided.'],
  ['ca-bundle', 'string', 'The CA certificate bundle to use when verifying SSL certificates. Overrides config/env settings.'],
  [
    'cli-read-timeout',
    'int',
    'The maximum socket read time in seconds. If the value is set to 0, the socket read will be blocking and not timeout. The default value is 60 seconds.',
  ],
  [
    'cli-connect-timeout',
    'int',
    'The maximum socket connect time in seconds. If the value is set to 0, the socket connect will be blocking and not timeout. The default value is 60 seconds.',
  ],
  ['no-cli-pager', 'boolean', 'Disable the output pager.'],
];

function globalOptionsSection(): string {
  let s = 'GLOBAL OPTIONS\n';
  for (const [name, type, doc, choices] of GLOBALS) {
    s += `       --${name} (${type})\n\n${wrap(doc, 7)}\n\n`;
    for (const c of choices ?? []) s += `       o ${c}\n\n`;
  }
  return s;
}

function typeName(shape: string): string {
  const t = typeOf(shape);
  return t === 'integer' || t === 'long' ? 'integer' : t;
}

function memberTree(shape: string, indent: number, stack: string[]): string {
  const s = SHAPES[shape]!;
  let out = '';
  if (s.type === 'structure') {
    if (stack.includes(shape)) return `${' '.repeat(indent)}( ... recursive ... )\n\n`;
    for (const [m, ref] of Object.entries(s.members)) {
      out += `${' '.repeat(indent)}${m} -> (${typeName(ref.shape)})\n${wrap(memberDoc(shape, m), indent + 3)}\n\n`;
      out += memberTree(ref.shape, indent + 3, [...stack, shape]);
    }
  } else if (s.type === 'list') {
    const ms = SHAPES[s.member]!;
    if (ms.type === 'structure' || ms.type === 'list' || ms.type === 'map') {
      out += `${' '.repeat(indent)}(${ms.type})\n\n` + memberTree(s.member, indent + 4, stack);
    } else out += `${' '.repeat(indent)}(${typeName(s.member)})\n\n`;
  } else if (s.type === 'map') {
    out += `${' '.repeat(indent)}key -> (${typeName(s.key)})\n\n${' '.repeat(indent)}value -> (${typeName(s.value)})\n\n`;
  }
  return out;
}

/** ParamShorthandDocGen: the shorthand example of a complex parameter, or null. */
export function shorthandExample(shape: string): string | null {
  const s = SHAPES[shape]!;
  const complex = (n: string) => ['structure', 'list', 'map'].includes(SHAPES[n]!.type);
  if (!complex(shape) || (s.type === 'list' && !complex(s.member))) return null;
  const docs = (name: string, stack: string[]): string => {
    if (stack.length > 3) throw new Error('too complex');
    const sh = SHAPES[name]!;
    if (sh.type === 'structure') {
      const parts = Object.entries(sh.members).map(([m, ref]) => {
        if (stack.includes(ref.shape)) return `${m}=( ... recursive ... )`;
        return `${m}=${docs(ref.shape, [...stack, ref.shape])}`;
      });
      return stack.length ? `{${parts.join(',')}}` : parts.join(',');
    }
    if (sh.type === 'list') {
      const el = docs(sh.member, [...stack, sh.member]);
      return complex(sh.member) || stack.length > 1 ? `[${el},${el}]` : `${el},${el}`;
    }
    if (sh.type === 'map') {
      const vd = docs(sh.value, [...stack, sh.value]);
      let start = `KeyName1=${vd},KeyName2=${vd}`;
      const key = SHAPES[sh.key] as { enum?: string[] };
      if (key.enum && stack.length === 0) {
        start += '\n\nWhere valid key names are:\n';
        for (const e of key.enum) start += `  ${e}\n`;
      } else if (stack.length) start = `{${start}}`;
      return start;
    }
    return typeName(name);
  };
  try {
    return s.type === 'list' ? docs(s.member, []) + ' ...' : docs(shape, []);
  } catch {
    return '';
  }
}

/** The JSON syntax block of a parameter. */
export function jsonSyntax(shape: string, indent = 0, stack: string[] = []): string {
  const s = SHAPES[shape]!;
  const pad = ' '.repeat(indent);
  if (s.type === 'structure') {
    if (stack.includes(shape)) return '{ ... recursive ... }';
    const inner = Object.entries(s.members).map(([m, ref]) => `${pad}  "${m}": ${jsonSyntax(ref.shape, indent + 2, [...stack, shape])}`);
    return `{\n${inner.join(',\n')}\n${pad}}`;
  }
  if (s.type === 'list') return `[\n${pad}  ${jsonSyntax(s.member, indent + 2, stack)}\n${pad}  ...\n${pad}]`;
  if (s.type === 'map') return `{"string": ${jsonSyntax(s.value, indent + 2, stack)}\n${pad}  ...}`;
  if (s.type === 'string') return s.enum ? s.enum.map((e) => `"${e}"`).join('|') : '"string"';
  if (s.type === 'boolean') return 'true|false';
  if (s.type === 'integer' || s.type === 'long') return 'integer';
  if (s.type === 'timestamp') return 'timestamp';
  return '"string"';
}

/** The manual page of one operation. */
export function operationHelp(spec: CommandSpec): string {
  const name = spec.cliName;
  const inputShape = SHAPES[spec.model.input] as { members: Record<string, { shape: string }> };
  let s = header(name);
  s += `NAME\n       ${name} -\n\nDESCRIPTION\n${wrap(OPERATION_DOCS[spec.operation], 10)}\n\n`;
  const note = OPERATION_NOTES[spec.operation];
  if (note) s += `       NOTE:\n${wrap(note, 10)}\n\n`;
  s += `SYNOPSIS\n            ${name}\n`;
  for (const a of spec.args) {
    if (a.undocumented) continue;
    const t = typeOf(a.shape);
    const opt = t === 'boolean' ? `--${a.name} | --no-${a.name}` : `--${a.name} <value>`;
    s += a.required ? `          ${opt}\n` : `          [${opt}]\n`;
  }
  s += '          [--cli-input-json | --cli-input-yaml]\n          [--generate-cli-skeleton <value>]\n';
  for (const [g, type] of GLOBALS) s += `          [--${g}${type === 'boolean' ? '' : ' <value>'}]\n`;
  s += '\nOPTIONS\n';
  for (const a of spec.args) {
    if (a.undocumented) continue;
    const doc = a.member ? memberDoc(spec.model.input, a.member) : (PAGING_DOCS[a.name] ?? '');
    const t = typeOf(a.shape);
    s += `       --${a.name}${t === 'boolean' ? ` | --no-${a.name}` : ''} (${typeName(a.shape)})\n${wrap(doc, 10)}\n\n`;
    const sh = SHAPES[a.shape];
    if (sh && sh.type === 'string' && sh.enum) {
      s += '          Possible values:\n\n' + sh.enum.map((e) => `          o ${e}\n\n`).join('');
    }
    if (a.member && sh && (sh.type === 'structure' || sh.type === 'list' || sh.type === 'map')) {
      s += memberTree(a.shape, 10, []);
      const ex = shorthandExample(a.shape);
      if (ex)
        s += `       Shorthand Syntax:\n\n${ex
          .split('\n')
          .map((l) => (l ? '          ' + l : ''))
          .join('\n')}\n\n`;
      s += `       JSON Syntax:\n\n${jsonSyntax(a.shape)
        .split('\n')
        .map((l) => '          ' + l)
        .join('\n')}\n\n`;
    }
    void inputShape;
  }
  s +=
    `       --cli-input-json | --cli-input-yaml (string) Reads arguments from the JSON string provided. The JSON string follows the format provided by --generate-cli-skeleton. If other arguments are provided on the command line, those values will override the JSON-provided values. This may not be specified along with --cli-input-yaml.\n\n`.replace(
      /^(.*)$/m,
      (l) => wrap(l, 7).replace(/^ {7}/, '       '),
    );
  s +=
    wrap(
      '--generate-cli-skeleton (string) Prints a JSON skeleton to standard output without sending an API request. If provided with no value or the value input, prints a sample input JSON that can be used as an argument for --cli-input-json. Similarly, if provided yaml-input it will print a sample input YAML that can be used with --cli-input-yaml. If provided with the value output, it validates the command inputs and returns a sample output JSON for that command.',
      7,
    ) + '\n\n';
  s += globalOptionsSection();
  s += 'EXAMPLES\n' + examples(spec) + '\n';
  s += 'OUTPUT\n';
  const out = spec.model.output ? (SHAPES[spec.model.output] as { members: Record<string, { shape: string }> }) : null;
  if (!out || Object.keys(out.members).length === 0) s += '       None\n';
  else {
    for (const [m, ref] of Object.entries(out.members)) {
      s += `       ${m} -> (${typeName(ref.shape)})\n${wrap(memberDoc(spec.model.output!, m), 10)}\n\n` + memberTree(ref.shape, 10, []);
    }
  }
  s += footer(name);
  return s;
}

function examples(spec: CommandSpec): string {
  const ex: Partial<Record<OperationName, [string, string]>> = {
    SetUserSettings: [
      'Turn SMS MFA on for the signed-in user',
      'cognate cognito-idp set-user-settings --access-token ACCESS_TOKEN --mfa-options DeliveryMedium=SMS,AttributeName=phone_number',
    ],
    AdminSetUserSettings: [
      'Turn SMS MFA on for a user',
      'cognate cognito-idp admin-set-user-settings --user-pool-id us-east-1_EXAMPLE --username alice --mfa-options DeliveryMedium=SMS,AttributeName=phone_number',
    ],
    GetUser: ['Show the signed-in user', 'cognate cognito-idp get-user --access-token ACCESS_TOKEN'],
    InitiateAuth: [
      'Sign in with a password',
      "cognate cognito-idp initiate-auth --client-id CLIENT_ID --auth-flow USER_PASSWORD_AUTH --auth-parameters USERNAME=alice,PASSWORD='Passw0rd!'",
    ],
    ListUsers: ['List the users of a pool', 'cognate cognito-idp list-users --user-pool-id us-east-1_EXAMPLE --query Users[].Username'],
  };
  const [title, command] = ex[spec.operation] ?? [`Call ${spec.operation}`, `cognate cognito-idp ${spec.cliName} --generate-cli-skeleton`];
  return `       ${title}\n\n       Command:\n\n          ${command}\n`;
}

/** The manual page of `cognate cognito-idp help`. */
export function serviceHelp(): string {
  let s = header('cognito-idp');
  s += 'NAME\n       cognito-idp -\n\nDESCRIPTION\n';
  s +=
    wrap(
      "Commands for Amazon Cognito user pools, served by the same model as cognate serve. They behave as the AWS CLI v2's commands of the same names: same options, request bodies, output formats, errors and exit codes.",
      7,
    ) + '\n\n';
  s += 'AVAILABLE COMMANDS\n';
  for (const name of [...OPERATION_BY_CLI_NAME.keys()].sort()) s += `       o ${name}\n\n`;
  void CLI_OPERATION_NAMES;
  s += footer('cognito-idp');
  return s;
}

/** Writes a manual page, through MANPAGER/PAGER/`less -R` only when stdout is a terminal. */
export async function showHelp(text: string, io: Io): Promise<void> {
  if (!io.stdout.isTTY) {
    io.stdout.write(text);
    return;
  }
  const pager = io.env.MANPAGER ?? io.env.PAGER ?? 'less -R';
  if (pager === '') {
    io.stdout.write(text);
    return;
  }
  const { runPager } = await import('./pager.js');
  try {
    await runPager(pager, text, io.env);
  } catch {
    io.stdout.write(text);
  }
}
