/**
 * The command line of each operation, derived from src/model: `--member-name` options in model order
 * (booleans as `--x` / `--no-x`, lists taking several values), the paging options the AWS CLI adds to
 * paginated operations, and the `--cli-input-*` / `--generate-cli-skeleton` options.
 */
import { CLI_MEMBER_NAMES, CLI_OPERATION_NAMES, OPERATION_MODELS, PAGINATORS, SHAPES, type OperationName } from '../model/generated.js';
import type { OperationModel, ShapeModel } from '../model/types.js';
import type { OptionDef } from './python/argparse.js';

/** One option of an operation. */
export interface ArgDef {
  /** CLI name without `--`. */
  name: string;
  /** The input member it fills, or null for the paging options. */
  member: string | null;
  shape: string;
  required: boolean;
  /** Paging arguments that the AWS CLI hides from the docs (the paginator's own token and limit). */
  undocumented?: boolean;
}

/** An operation's command line: its model, CLI name, options and paginator. */
export interface CommandSpec {
  operation: OperationName;
  model: OperationModel;
  cliName: string;
  args: ArgDef[];
  paginator: (typeof PAGINATORS)[OperationName] | undefined;
}

/** Operation names by their kebab-case command names. */
export const OPERATION_BY_CLI_NAME: Map<string, OperationName> = new Map(
  (Object.keys(CLI_OPERATION_NAMES) as OperationName[]).map((op) => [CLI_OPERATION_NAMES[op], op]),
);

/** A shape of the model (a missing one is a bug). */
export function shapeOf(name: string): ShapeModel {
  const s = SHAPES[name];
  if (!s) throw new TypeError(`unknown shape ${name}`);
  return s;
}

/** The command line of an operation. */
export function commandSpec(operation: OperationName): CommandSpec {
  const model = OPERATION_MODELS[operation] as OperationModel;
  const input = shapeOf(model.input);
  if (input.type !== 'structure') throw new TypeError(`${model.input} is not a structure`);
  const required = new Set(input.required ?? []);
  const paginator = PAGINATORS[operation];
  const hidden = new Set(paginator ? ([paginator.input_token, paginator.limit_key].filter(Boolean) as string[]) : []);
  const args: ArgDef[] = Object.entries(input.members).map(([member, ref]) => ({
    name: CLI_MEMBER_NAMES[member] ?? member.toLowerCase(),
    member,
    shape: ref.shape,
    required: required.has(member),
    undocumented: hidden.has(member) || undefined,
  }));
  if (paginator) {
    const limitShape = paginator.limit_key ? (input.members[paginator.limit_key]?.shape ?? 'IntegerType') : 'IntegerType';
    args.push({ name: 'starting-token', member: null, shape: 'String', required: false });
    args.push({ name: 'page-size', member: null, shape: limitShape, required: false });
    args.push({ name: 'max-items', member: null, shape: limitShape, required: false });
  }
  return { operation, model, cliName: CLI_OPERATION_NAMES[operation], args, paginator };
}

/** The type name of a shape, with the paging options' pseudo shape `String` as a string. */
export function typeOf(shapeName: string): ShapeModel['type'] {
  if (shapeName === 'String') return 'string';
  return shapeOf(shapeName).type;
}

/** argparse definitions of an operation's options (dest = CLI name). */
export function optionDefs(spec: CommandSpec, relaxRequired: boolean): OptionDef[] {
  const defs: OptionDef[] = [];
  for (const a of spec.args) {
    const t = typeOf(a.shape);
    if (t === 'boolean') {
      defs.push({ name: a.name, dest: a.name, nargs: 'zero', constValue: true, required: a.required && !relaxRequired });
      defs.push({ name: `no-${a.name}`, dest: a.name, nargs: 'zero', constValue: false });
    } else {
      defs.push({ name: a.name, dest: a.name, nargs: t === 'list' ? 'star' : 'one', required: a.required && !relaxRequired });
    }
  }
  defs.push({ name: 'cli-input-json', dest: 'cli-input-json', nargs: 'one' });
  defs.push({ name: 'cli-input-yaml', dest: 'cli-input-yaml', nargs: 'one' });
  defs.push({
    name: 'generate-cli-skeleton',
    dest: 'generate-cli-skeleton',
    nargs: 'optional',
    constValue: 'input',
    choices: ['input', 'output', 'yaml-input'],
  });
  return defs;
}
