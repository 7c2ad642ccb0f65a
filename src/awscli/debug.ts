/**
 * `--debug`: log lines on stderr in the AWS CLI's layout (`date - MainThread - logger - DEBUG - message`),
 * with sensitive members (tokens, passwords, secrets: the model's `sensitive` flag) redacted, which the
 * AWS CLI does not do.
 */
import { CLI_MEMBER_NAMES, SHAPES } from '../model/generated.js';
import { pyRepr } from './python/pyjson.js';

/** What replaces a sensitive value in --debug output. */
export const REDACTED = '*** sensitive ***';

/** A copy of `value` with every sensitive member replaced. */
export function redact(value: unknown, shapeName: string | null): unknown {
  if (!shapeName) return value;
  const s = SHAPES[shapeName];
  if (!s) return value;
  if ((s as { sensitive?: boolean }).sensitive) return REDACTED;
  if (s.type === 'structure' && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const ref = s.members[k];
      out[k] = ref ? redact(v, ref.shape) : v;
    }
    return out;
  }
  if (s.type === 'list' && Array.isArray(value)) return value.map((v) => redact(v, s.member));
  if (s.type === 'map' && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redact(v, s.value);
    return out;
  }
  return value;
}

function containsSensitive(shapeName: string, seen = new Set<string>()): boolean {
  if (seen.has(shapeName)) return false;
  seen.add(shapeName);
  const s = SHAPES[shapeName];
  if (!s) return false;
  if ((s as { sensitive?: boolean }).sensitive) return true;
  if (s.type === 'structure') return Object.values(s.members).some((m) => containsSensitive(m.shape, seen));
  if (s.type === 'list') return containsSensitive(s.member, seen);
  if (s.type === 'map') return containsSensitive(s.value, seen);
  return false;
}

/** CLI option names whose values may carry secrets (any input member holding a sensitive shape). */
let sensitiveOptions: Set<string> | null = null;
function optionsToRedact(): Set<string> {
  if (sensitiveOptions) return sensitiveOptions;
  sensitiveOptions = new Set(['--cli-input-json', '--cli-input-yaml']);
  for (const [name, s] of Object.entries(SHAPES)) {
    if (s.type !== 'structure' || !name.endsWith('Request')) continue;
    for (const [m, ref] of Object.entries(s.members)) {
      if (containsSensitive(ref.shape)) sensitiveOptions.add('--' + (CLI_MEMBER_NAMES[m] ?? m));
    }
  }
  return sensitiveOptions;
}

/** The --debug logger. */
export class Debug {
  constructor(
    private readonly stderr: { write(s: string): unknown },
    public on: boolean,
  ) {}

  log(logger: string, message: string): void {
    if (!this.on) return;
    const d = new Date();
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const stamp = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
    this.stderr.write(`${stamp} - MainThread - ${logger} - DEBUG - ${message}\n`);
  }

  /** argv as a Python list, values of secret-bearing options redacted. */
  redactArgv(argv: string[]): string {
    const secret = optionsToRedact();
    const out: string[] = [];
    let redactNext = false;
    for (const a of argv) {
      if (redactNext && !a.startsWith('--')) {
        out.push(REDACTED);
        continue;
      }
      redactNext = false;
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (a.startsWith('--') && secret.has(name)) {
        if (eq > 0) out.push(`${name}=${REDACTED}`);
        else {
          out.push(a);
          redactNext = true;
        }
        continue;
      }
      out.push(a);
    }
    return pyRepr(out);
  }
}
