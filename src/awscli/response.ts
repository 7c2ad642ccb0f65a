/**
 * Reading responses as botocore's JSON parser does: success bodies reduced to the modelled members in
 * model order (timestamps as ISO 8601 strings, as the AWS CLI v2 prints them), and error bodies to a
 * code and a message (`__type` after the last `#`, `message` or `Message`).
 */
import { SHAPES } from '../model/generated.js';
import { isoformat, setOwn } from './python/pyjson.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  509: 'Bandwidth Limit Exceeded',
};

function parseJsonBody(body: string): unknown {
  if (!body) return {};
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/** The modelled members of a response, in model order. */
export function parseOutput(body: Buffer, shapeName: string | null): Record<string, unknown> {
  if (!shapeName) return {};
  const raw = parseJsonBody(body.toString('utf8'));
  const out = shapeValue(raw, shapeName);
  return out && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}

function shapeValue(v: unknown, shapeName: string): unknown {
  const s = SHAPES[shapeName];
  if (!s) return v;
  switch (s.type) {
    case 'structure': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [m, ref] of Object.entries(s.members)) {
        if (Object.hasOwn(obj, m) && obj[m] !== null) setOwn(out, m, shapeValue(obj[m], ref.shape));
      }
      return out;
    }
    case 'list':
      return Array.isArray(v) ? v.map((x) => shapeValue(x, s.member)) : v;
    case 'map': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) setOwn(out, k, shapeValue(x, s.value));
      return out;
    }
    case 'timestamp': {
      if (typeof v === 'number') {
        const d = new Date(Math.floor(v * 1000)) as Date & { micros?: number };
        d.micros = Math.round((v - Math.floor(v)) * 1e6) % 1000000;
        return isoformat(d);
      }
      if (typeof v === 'string') {
        const t = Date.parse(v);
        return Number.isNaN(t) ? v : isoformat(new Date(t));
      }
      return v;
    }
    default:
      return v;
  }
}

/** The code and message of an error response. */
export interface ServiceErrorInfo {
  code: string;
  message: string;
}

/** botocore's BaseJSONParser error rules. */
export function parseError(status: number, body: Buffer): ServiceErrorInfo {
  const text = body.toString('utf8');
  const stripped = text.trim();
  if (status >= 500 && (stripped === '' || stripped.startsWith('<html>'))) {
    return { code: String(status), message: REASONS[status] ?? '' };
  }
  let parsed: unknown = parseJsonBody(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) parsed = text ? { message: text } : {};
  const obj = parsed as Record<string, unknown>;
  const msg = obj.message ?? obj.Message ?? '';
  let code = typeof obj.__type === 'string' ? obj.__type : String(status);
  code = code.split(':')[0]!;
  code = code.slice(code.lastIndexOf('#') + 1);
  return { code, message: typeof msg === 'string' ? msg : String(msg) };
}
