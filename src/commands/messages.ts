import { loadConfig, resolveCredentials, resolveProfile, setting, type Credentials } from '../awscli/config.js';
import { parseFlags, UsageError } from './flags.js';
import { canonicalQueryString, signRequest } from '../awscli/sigv4.js';

const HELP = `usage: cognate messages [--pool-id ID] [--username NAME] [--endpoint-url URL] [--output json|text]
                        [--profile NAME] [--region REGION]

Lists the messages (SMS and email, with their codes) that a cognate server has "sent", oldest first.
With --output text, one line per message: time, pool, user, medium, destination, code, email subject
(- where there is none) and text, separated by tabs.
The endpoint defaults to $COGNATE_ENDPOINT_URL, then http://127.0.0.1:9229.

The request is signed (SigV4) when credentials are found, as cognate cognito-idp finds them: the
--profile's keys, else AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else the AWS_PROFILE or default
profile's. A server started with --admin-credentials shows its outbox only to a request signed with one
of its keys.
`;

/** The credentials and region to sign with, found as the AWS CLI finds them; null credentials: send unsigned. */
function signingSettings(
  profileFlag: string | undefined,
  regionFlag: string | undefined,
  env: NodeJS.ProcessEnv,
): { credentials: Credentials | null; region: string } {
  const config = loadConfig(env);
  const profile = resolveProfile(profileFlag, env, config);
  if (profile.explicit && !profile.exists) throw new Error(`The config profile (${profile.name}) could not be found`);
  const region = regionFlag ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? setting(profile, 'region') ?? 'us-east-1';
  return { credentials: resolveCredentials(profile, profileFlag !== undefined, env), region: region || 'us-east-1' };
}

/** `cognate messages`: reads GET /_cognate/messages from a running server. */
export async function runMessages(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(argv, {
      'pool-id': 'string',
      username: 'string',
      'endpoint-url': 'string',
      output: 'string',
      profile: 'string',
      region: 'string',
      help: 'boolean',
    });
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
  const params: Array<[string, string]> = [];
  if (typeof flags['pool-id'] === 'string') params.push(['poolId', flags['pool-id']]);
  if (typeof flags.username === 'string') params.push(['username', flags.username]);
  // The query is sent in SigV4's canonical form, so the server reads the same string that was signed.
  const query = canonicalQueryString(params);
  let url: URL;
  let signing: ReturnType<typeof signingSettings>;
  try {
    url = new URL(`${base}/_cognate/messages${query ? `?${query}` : ''}`);
    signing = signingSettings(
      typeof flags.profile === 'string' ? flags.profile : undefined,
      typeof flags.region === 'string' ? flags.region : undefined,
      process.env,
    );
  } catch (e) {
    process.stderr.write(`cognate messages: ${(e as Error).message}\n`);
    return 255;
  }
  let headers: Array<[string, string]> = [['Host', url.host]];
  if (signing.credentials) {
    headers = signRequest(headers, url.pathname, Buffer.alloc(0), signing.credentials, signing.region, 'cognito-idp', new Date(), { method: 'GET', query });
  }
  let res: Response;
  let text: string;
  try {
    // Host is sent by fetch itself, from the URL it was signed with.
    res = await fetch(url, { headers: headers.filter(([k]) => k !== 'Host') });
    text = await res.text();
  } catch (e) {
    process.stderr.write(`cognate messages: could not connect to ${base}: ${(e as Error).cause ?? (e as Error).message}\n`);
    return 255;
  }
  let body: { messages: Array<Record<string, string | null>>; __type?: string; message?: string };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    process.stderr.write(`cognate messages: ${res.status} ${text.slice(0, 200)}\n`);
    return 254;
  }
  if (!res.ok) {
    process.stderr.write(
      body.__type
        ? `cognate messages: An error occurred (${body.__type}) when reading the outbox: ${body.message}\n`
        : `cognate messages: ${res.status} ${text}\n`,
    );
    return 254;
  }
  if (flags.output === 'text') {
    for (const m of body.messages) {
      process.stdout.write([m.createdAt, m.poolId, m.username, m.deliveryMedium, m.destination, m.code ?? '-', m.subject ?? '-', m.message].join('\t') + '\n');
    }
  } else {
    process.stdout.write(JSON.stringify(body, null, 4) + '\n');
  }
  return 0;
}
