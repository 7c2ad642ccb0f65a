/**
 * The small types the AWS-CLI-compatible client's modules share: the process streams (`Io`), the resolved
 * client settings and a call's result. They live here, below run (aws.ts), call, help and render, so
 * that those modules import them instead of each other.
 */
import type { Credentials, LoadedConfig, Profile } from './config.js';

/** The process environment and streams (injectable for tests). */
export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown };
}

/** Everything a request needs, resolved from flags, environment and profile. */
export interface ClientSettings {
  region: string;
  endpoint: URL;
  profile: Profile;
  config: LoadedConfig;
  credentials: Credentials | null;
  sign: boolean;
  maxAttempts: number;
  verifySsl: boolean;
  caBundle?: string;
  readTimeoutMs: number;
  connectTimeoutMs: number;
  proxy?: URL;
  userAgent: string;
}

/** A single response, or the pages of a paginated one (with a resume token after --max-items). */
export type CallResult =
  | { kind: 'single'; data: Record<string, unknown> }
  | { kind: 'pages'; pages: Array<Record<string, unknown>>; resultKey: string; resumeToken?: string };
