/**
 * AWS shared configuration as the AWS CLI reads it: ~/.aws/config and ~/.aws/credentials (or
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), `[default]`, `[profile NAME]` and `[services NAME]`
 * sections, nested values by indentation, and the precedence rules of flags, environment and profile.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from './errors.js';

/** A value of an INI file: a string, or the nested `key = value` lines under an empty key. */
export type IniValue = string | Record<string, string>;
/** The keys of one INI section. */
export type IniSection = Record<string, IniValue>;

function expandUser(p: string, env: NodeJS.ProcessEnv): string {
  if (p === '~' || p.startsWith('~/')) return (env.HOME ?? homedir()) + p.slice(1);
  return p;
}

/** Parses an INI file like botocore's raw_config_parse (RawConfigParser + nested values). */
export function parseIni(text: string, path: string): Record<string, IniSection> {
  const sections: Record<string, IniSection> = Object.create(null);
  let current: IniSection | null = null;
  let lastKey: string | null = null;
  const raw: Record<string, Record<string, string>> = Object.create(null);
  let currentRaw: Record<string, string> | null = null;
  const lines = text.split(/\r\n|\n|\r/);
  const fail = () => new CliError(`Unable to parse config file: ${path}`, EXIT.OTHER);
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') {
      lastKey = null;
      continue;
    }
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (/^\s/.test(line) && currentRaw && lastKey !== null) {
      currentRaw[lastKey] += '\n' + trimmed;
      continue;
    }
    const sec = /^\[(.*)\]\s*$/.exec(line.trimEnd());
    if (sec && !/^\s/.test(line)) {
      const name = sec[1]!;
      if (name in raw) throw fail();
      currentRaw = Object.create(null) as Record<string, string>;
      raw[name] = currentRaw;
      lastKey = null;
      continue;
    }
    if (!currentRaw) throw fail();
    const m = /^([^=:]+?)\s*[=:]\s?(.*)$/.exec(trimmed);
    if (!m) throw fail();
    const key = m[1]!.trim().toLowerCase();
    if (key in currentRaw) throw fail();
    currentRaw[key] = m[2]!.trim();
    lastKey = key;
  }
  for (const [name, kv] of Object.entries(raw)) {
    current = Object.create(null) as IniSection;
    for (const [k, v] of Object.entries(kv)) {
      if (v.startsWith('\n')) {
        const nested: Record<string, string> = Object.create(null);
        for (const l of v.slice(1).split('\n')) {
          const mm = /^([^=]+?)\s*=\s*(.*)$/.exec(l.trim());
          if (mm) nested[mm[1]!.trim()] = mm[2]!.trim();
        }
        current[k] = nested;
      } else {
        current[k] = v;
      }
    }
    sections[name] = current;
  }
  return sections;
}

function readIni(path: string): Record<string, IniSection> | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  return parseIni(text, path);
}

/** Profiles, services sections and credentials, as read from the two files. */
export interface LoadedConfig {
  profiles: Map<string, IniSection>;
  services: Map<string, IniSection>;
  credentials: Map<string, IniSection>;
}

/** Reads both files (a missing file is fine; an unparsable one is an error). */
export function loadConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  const home = env.HOME ?? homedir();
  const configPath = expandUser(env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'), env);
  const credPath = expandUser(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'), env);
  const profiles = new Map<string, IniSection>();
  const services = new Map<string, IniSection>();
  const credentials = new Map<string, IniSection>();
  const cfg = readIni(configPath);
  if (cfg) {
    for (const [name, values] of Object.entries(cfg)) {
      if (name.startsWith('profile')) {
        const parts = name.split(/\s+/).filter(Boolean);
        if (parts.length === 2) profiles.set(parts[1]!.replace(/^["']|["']$/g, ''), values);
      } else if (name === 'default') {
        profiles.set('default', { ...values, ...(profiles.get('default') ?? {}) });
      } else if (name.startsWith('services')) {
        const parts = name.split(/\s+/).filter(Boolean);
        if (parts.length === 2) services.set(parts[1]!, values);
      }
    }
  }
  const creds = readIni(credPath);
  if (creds) for (const [name, values] of Object.entries(creds)) credentials.set(name, values);
  return { profiles, services, credentials };
}

/** The active profile: its name, whether it was chosen explicitly, and its merged settings. */
export interface Profile {
  name: string;
  explicit: boolean;
  settings: IniSection;
  exists: boolean;
}

/** Picks the profile: --profile, then AWS_PROFILE, then AWS_DEFAULT_PROFILE, then `default`. */
export function resolveProfile(flag: string | undefined, env: NodeJS.ProcessEnv, cfg: LoadedConfig): Profile {
  const chosen = flag ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  const name = chosen ?? 'default';
  const fromConfig = cfg.profiles.get(name);
  const fromCreds = cfg.credentials.get(name);
  const exists = fromConfig !== undefined || fromCreds !== undefined;
  return { name, explicit: chosen !== undefined, settings: { ...(fromConfig ?? {}), ...(fromCreds ?? {}) }, exists };
}

/** A string setting of the profile (credentials-file keys win over config-file keys). */
export function setting(p: Profile, key: string): string | undefined {
  const v = p.settings[key];
  return typeof v === 'string' ? v : undefined;
}

/** Access keys for SigV4, and where they were found. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  source: string;
}

/** Environment first (unless --profile was given), then the profile's keys. */
export function resolveCredentials(profile: Profile, profileFromFlag: boolean, env: NodeJS.ProcessEnv): Credentials | null {
  if (!profileFromFlag && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || env.AWS_SECURITY_TOKEN || undefined,
      source: 'env',
    };
  }
  const id = setting(profile, 'aws_access_key_id');
  const secret = setting(profile, 'aws_secret_access_key');
  if (id && secret) {
    return { accessKeyId: id, secretAccessKey: secret, sessionToken: setting(profile, 'aws_session_token') || undefined, source: 'shared-credentials-file' };
  }
  return null;
}
