/**
 * `--generate-cli-skeleton input|yaml-input|output`: botocore's ArgumentGenerator as the AWS CLI v2 uses
 * it (first enum value as the placeholder; member names as output values), and the commented YAML
 * input skeleton.
 */
import { SHAPES } from '../model/generated.js';
import { memberDoc } from '../model/docs.js';
import { yamlString } from './python/yaml.js';

/** botocore's ArgumentGenerator: an input skeleton, or with `useMemberNames` an output one. */
export function generateSkeleton(shapeName: string, useMemberNames: boolean): unknown {
  const stack: string[] = [];
  const gen = (name: string, memberName: string): unknown => {
    stack.push(name);
    try {
      const s = SHAPES[name]!;
      switch (s.type) {
        case 'structure': {
          if (stack.filter((n) => n === name).length > 1) return {};
          const out: Record<string, unknown> = {};
          for (const [m, ref] of Object.entries(s.members)) out[m] = gen(ref.shape, m);
          return out;
        }
        case 'list':
          return [gen(s.member, useMemberNames ? s.member : '')];
        case 'map':
          return { KeyName: gen(s.value, '') };
        case 'string':
          if (useMemberNames) return memberName;
          return s.enum?.length ? s.enum[0] : '';
        case 'integer':
        case 'long':
          return 0;
        case 'double':
        case 'float':
          return 0.0;
        case 'boolean':
          return true;
        case 'timestamp':
          return '1970-01-01T00:00:00';
        case 'blob':
          // botocore's ArgumentGenerator has no case for blobs: None, printed as null.
          return null;
        default:
          return '';
      }
    } finally {
      stack.pop();
    }
  };
  return gen(shapeName, '');
}

function comment(structure: string, member: string, required: boolean): string {
  const shape = SHAPES[(SHAPES[structure] as { members: Record<string, { shape: string }> }).members[member]!.shape]!;
  let text = memberDoc(structure, member);
  if (shape.type === 'string' && shape.enum?.length) text += ` Valid values are: ${shape.enum.join(', ')}.`;
  return (required ? '[REQUIRED] ' : '') + text;
}

/** The `yaml-input` skeleton: every member with a placeholder and a comment. */
export function yamlInputSkeleton(inputShape: string): string {
  const lines: string[] = [];
  const stack: string[] = [];
  const struct = (name: string, indent: number, firstPrefix: string | null) => {
    const s = SHAPES[name] as { type: 'structure'; members: Record<string, { shape: string }>; required?: string[] };
    if (stack.includes(name)) return;
    stack.push(name);
    const entries = Object.entries(s.members);
    entries.forEach(([m, ref], i) => {
      const lead = i === 0 && firstPrefix !== null ? firstPrefix : ' '.repeat(indent);
      const last = i === entries.length - 1 && indent > 0;
      const c = comment(name, m, (s.required ?? []).includes(m));
      const ms = SHAPES[ref.shape]!;
      const key = yamlString(m);
      if (ms.type === 'structure') {
        lines.push(`${lead}${key}: # ${c}`);
        struct(ref.shape, indent + 2, null);
      } else if (ms.type === 'list') {
        lines.push(`${lead}${key}: # ${c}`);
        listItem(ms.member, indent);
      } else if (ms.type === 'map') {
        lines.push(`${lead}${key}: # ${c}`);
        lines.push(`${' '.repeat(indent + 2)}KeyName: ${placeholder(ms.value)}`);
      } else {
        lines.push(`${lead}${key}: ${placeholder(ref.shape)}${last ? ' ' : '  '}# ${c}`);
      }
    });
    stack.pop();
  };
  const listItem = (member: string, indent: number) => {
    const ms = SHAPES[member]!;
    const lead = ' '.repeat(indent) + '- ';
    if (ms.type === 'structure') struct(member, indent + 2, lead);
    else lines.push(`${lead}${placeholder(member)}`);
  };
  const placeholder = (shape: string): string => {
    const s = SHAPES[shape]!;
    if (s.type === 'string') return s.enum?.length ? yamlString(s.enum[0]!) : "''";
    if (s.type === 'integer' || s.type === 'long') return '0';
    if (s.type === 'boolean') return 'true';
    if (s.type === 'list') return '[]';
    if (s.type === 'map' || s.type === 'structure') return '{}';
    return "''";
  };
  struct(inputShape, 0, null);
  return lines.join('\n') + '\n';
}
