import { parseFlags, UsageError } from './flags.js';

const HELP = `usage: cognate messages [--pool-id ID] [--username NAME] [--endpoint-url URL] [--output json|text]

Lists the messages (SMS and email, with their codes) that a cognate server has "sent", oldest first.
The endpoint defaults to $COGNATE_ENDPOINT_URL, then http://127.0.0.1:9229.
`;

/** `cognate messages`: reads GET /_cognate/messages from a running server. */
export async function runMessages(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(argv, { 'pool-id': 'string', username: 'string', 'endpoint-url': 'string', output: 'string', help: 'boolean' });
    if (flags.output !== undefined && flags.output !== 'json' && flags.output !== 'text') throw new UsageError(`invalid output: ${flags.output}`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cognate messages: ${e.message}\n\n${HELP}`);
      return 252;
    }
    throw e;
  }
  if (flags.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const base = String(flags['endpoint-url'] ?? process.env.COGNATE_ENDPOINT_URL ?? 'http://127.0.0.1:9229').replace(/\/+$/, '');
  const url = new URL(`${base}/_cognate/messages`);
  if (typeof flags['pool-id'] === 'string') url.searchParams.set('poolId', flags['pool-id']);
  if (typeof flags.username === 'string') url.searchParams.set('username', flags.username);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    process.stderr.write(`cognate messages: could not connect to ${base}: ${(e as Error).cause ?? (e as Error).message}\n`);
    return 255;
  }
  const body = (await res.json()) as { messages: Array<Record<string, string | null>> };
  if (!res.ok) {
    process.stderr.write(`cognate messages: ${res.status} ${JSON.stringify(body)}\n`);
    return 254;
  }
  if (flags.output === 'text') {
    for (const m of body.messages) {
      process.stdout.write([m.createdAt, m.poolId, m.username, m.deliveryMedium, m.destination, m.code ?? '-', m.message].join('\t') + '\n');
    }
  } else {
    process.stdout.write(JSON.stringify(body, null, 4) + '\n');
  }
  return 0;
}
