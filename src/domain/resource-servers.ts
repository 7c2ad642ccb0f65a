import { InvalidParameterException, ResourceNotFoundException } from '../errors.js';
import type { ResourceServerScopeType, ResourceServerType } from '../model/generated.js';
import type { ResourceServerRecord, Store } from '../store/store.js';

/* Rules of resource servers (CreateResourceServer and the four others) and of the custom scopes they define. */

/** Cognito's default quota of resource servers per pool (the developer guide's quotas page; adjustable there to 300). */
export const MAX_RESOURCE_SERVERS = 25;

/** The text of ResourceNotFoundException for an unknown identifier (ours: the reference gives none). */
export function resourceServerNotFound(identifier: string): string {
  return `Resource server ${identifier} does not exist.`;
}

/** The resource server, or ResourceNotFoundException. */
export async function requireResourceServer(store: Store, poolId: string, identifier: string): Promise<ResourceServerRecord> {
  const server = await store.getResourceServer(poolId, identifier);
  if (!server) throw new ResourceNotFoundException(resourceServerNotFound(identifier));
  return server;
}

/**
 * The scopes as stored. A ScopeName given twice is InvalidParameterException (our choice and wording:
 * a token could not tell the two apart).
 */
export function checkedScopes(scopes: ResourceServerScopeType[] | undefined): ResourceServerRecord['scopes'] {
  const seen = new Set<string>();
  for (const s of scopes ?? []) {
    if (seen.has(s.ScopeName)) throw new InvalidParameterException(`Duplicate scope name ${s.ScopeName} in the resource server's scopes.`);
    seen.add(s.ScopeName);
  }
  return (scopes ?? []).map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription }));
}

/** The wire ResourceServerType; Scopes is always present (an empty list for a server without scopes). */
export function resourceServerType(r: ResourceServerRecord): ResourceServerType {
  return { UserPoolId: r.poolId, Identifier: r.identifier, Name: r.name, Scopes: r.scopes.map((s) => ({ ...s })) };
}

/** Every custom scope the pool defines now, as tokens name them: `<identifier>/<ScopeName>`. */
export async function customScopesOf(store: Store, poolId: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const server of await store.allResourceServers(poolId)) {
    for (const s of server.scopes) out.add(`${server.identifier}/${s.ScopeName}`);
  }
  return out;
}
