import type Database from 'better-sqlite3';
import { AliasExistsException } from '../../errors.js';
import { identityTakenMessage, pageOf, providerIdentityKeys } from '../common.js';
import type {
  IdentityProviderChange,
  IdentityProviderConflict,
  IdentityProviderRecord,
  Page,
  ResourceServerRecord,
  UICustomizationRecord,
  UserRecord,
} from '../store.js';
import type { GuardedStatement, SqliteGuard } from './guard.js';

/* Resource servers, identity providers, UI customizations and the users' external identities in SQLite
   (tables of migration step 8). Kept apart from store.ts, which delegates to it one line per method. */

interface ResourceServerRow {
  pool_id: string;
  identifier: string;
  name: string;
  scopes: string;
}

interface ProviderRow {
  pool_id: string;
  name: string;
  type: string;
  details: string;
  attribute_mapping: string;
  idp_identifiers: string;
  created_at: number;
  modified_at: number;
}

interface CustomizationRow {
  pool_id: string;
  client_id: string;
  css: string | null;
  image: Buffer | null;
  created_at: number;
  modified_at: number;
}

const serverFromRow = (r: ResourceServerRow): ResourceServerRecord => ({
  poolId: r.pool_id,
  identifier: r.identifier,
  name: r.name,
  scopes: JSON.parse(r.scopes),
});

const providerFromRow = (r: ProviderRow): IdentityProviderRecord => ({
  poolId: r.pool_id,
  name: r.name,
  type: r.type,
  details: JSON.parse(r.details),
  attributeMapping: JSON.parse(r.attribute_mapping),
  idpIdentifiers: JSON.parse(r.idp_identifiers),
  createdAt: new Date(r.created_at),
  lastModifiedAt: new Date(r.modified_at),
});

const providerToRow = (p: IdentityProviderRecord): ProviderRow => ({
  pool_id: p.poolId,
  name: p.name,
  type: p.type,
  details: JSON.stringify(p.details),
  attribute_mapping: JSON.stringify(p.attributeMapping),
  idp_identifiers: JSON.stringify(p.idpIdentifiers),
  created_at: p.createdAt.getTime(),
  modified_at: p.lastModifiedAt.getTime(),
});

const customizationFromRow = (r: CustomizationRow): UICustomizationRecord => ({
  poolId: r.pool_id,
  clientId: r.client_id,
  css: r.css,
  image: r.image,
  createdAt: new Date(r.created_at),
  lastModifiedAt: new Date(r.modified_at),
});

/** The statements, prepared once. Nothing here is cached: none of it is read per token-authorised request. */
export class SqliteOAuth {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly guard: SqliteGuard,
  ) {
    const p = (sql: string): GuardedStatement => guard.statement(db.prepare(sql));
    this.s = {
      insertServer: p('INSERT OR IGNORE INTO resource_servers (pool_id, identifier, name, scopes) VALUES (?, ?, ?, ?)'),
      getServer: p('SELECT * FROM resource_servers WHERE pool_id = ? AND identifier = ?'),
      listServers: p('SELECT * FROM resource_servers WHERE pool_id = ? AND identifier > ? ORDER BY identifier LIMIT ?'),
      updateServer: p('UPDATE resource_servers SET name = ?, scopes = ? WHERE pool_id = ? AND identifier = ? RETURNING *'),
      deleteServer: p('DELETE FROM resource_servers WHERE pool_id = ? AND identifier = ?'),
      insertProvider: p(`INSERT OR IGNORE INTO identity_providers (pool_id, name, type, details, attribute_mapping, idp_identifiers, created_at, modified_at)
        VALUES (@pool_id, @name, @type, @details, @attribute_mapping, @idp_identifiers, @created_at, @modified_at)`),
      getProvider: p('SELECT * FROM identity_providers WHERE pool_id = ? AND name = ?'),
      providerByIdentifier: p(`SELECT p.* FROM idp_identifiers i JOIN identity_providers p ON p.pool_id = i.pool_id AND p.name = i.provider_name
        WHERE i.pool_id = ? AND i.identifier = ?`),
      listProviders: p('SELECT * FROM identity_providers WHERE pool_id = ? AND name > ? ORDER BY name LIMIT ?'),
      updateProvider: p(`UPDATE identity_providers SET details = @details, attribute_mapping = @attribute_mapping, idp_identifiers = @idp_identifiers,
        modified_at = @modified_at WHERE pool_id = @pool_id AND name = @name`),
      deleteProvider: p('DELETE FROM identity_providers WHERE pool_id = ? AND name = ?'),
      insertIdentifier: p('INSERT OR IGNORE INTO idp_identifiers (pool_id, identifier, provider_name) VALUES (?, ?, ?)'),
      deleteIdentifiers: p('DELETE FROM idp_identifiers WHERE pool_id = ? AND provider_name = ?'),
      putCustomization: p(`INSERT INTO ui_customizations (pool_id, client_id, css, image, created_at, modified_at)
        VALUES (@pool_id, @client_id, @css, @image, @created_at, @modified_at)
        ON CONFLICT (pool_id, client_id) DO UPDATE SET css = excluded.css, image = excluded.image, modified_at = excluded.modified_at
        RETURNING *`),
      getCustomization: p('SELECT * FROM ui_customizations WHERE pool_id = ? AND client_id = ?'),
      deleteCustomization: p('DELETE FROM ui_customizations WHERE pool_id = ? AND client_id = ?'),
      deleteIdentities: p('DELETE FROM user_identities WHERE pool_id = ? AND sub = ?'),
      insertIdentity: p('INSERT OR IGNORE INTO user_identities (pool_id, provider_name, provider_user_id, sub) VALUES (?, ?, ?, ?)'),
      identityHolder: p('SELECT sub FROM user_identities WHERE pool_id = ? AND provider_name = ? AND provider_user_id = ?'),
    };
  }

  createServer(r: ResourceServerRecord): boolean {
    return this.s.insertServer.run(r.poolId, r.identifier, r.name, JSON.stringify(r.scopes)).changes > 0;
  }

  getServer(poolId: string, identifier: string): ResourceServerRecord | null {
    const r = this.s.getServer.get(poolId, identifier) as ResourceServerRow | undefined;
    return r ? serverFromRow(r) : null;
  }

  listServers(poolId: string, limit: number, after: string | null): Page<ResourceServerRecord> {
    const rows = this.s.listServers.all(poolId, after ?? '', limit + 1) as ResourceServerRow[];
    return pageOf(rows.map(serverFromRow), limit, (s) => s.identifier);
  }

  updateServer(r: ResourceServerRecord): ResourceServerRecord | null {
    const row = this.s.updateServer.get(r.name, JSON.stringify(r.scopes), r.poolId, r.identifier) as ResourceServerRow | undefined;
    return row ? serverFromRow(row) : null;
  }

  deleteServer(poolId: string, identifier: string): boolean {
    return this.s.deleteServer.run(poolId, identifier).changes > 0;
  }

  /** Provider and identifiers in one transaction; an identifier held by another provider rolls both back. */
  createProvider(p: IdentityProviderRecord): IdentityProviderConflict | null {
    const taken = new Error('identifier-taken');
    try {
      return this.guard.transaction(this.db, () => {
        if (this.s.insertProvider.run(providerToRow(p)).changes === 0) return 'name-taken' as const;
        for (const id of p.idpIdentifiers) {
          if (this.s.insertIdentifier.run(p.poolId, id, p.name).changes === 0) throw taken;
        }
        return null;
      });
    } catch (e) {
      if (e === taken) return 'identifier-taken';
      throw e;
    }
  }

  getProvider(poolId: string, name: string): IdentityProviderRecord | null {
    const r = this.s.getProvider.get(poolId, name) as ProviderRow | undefined;
    return r ? providerFromRow(r) : null;
  }

  providerByIdentifier(poolId: string, identifier: string): IdentityProviderRecord | null {
    const r = this.s.providerByIdentifier.get(poolId, identifier) as ProviderRow | undefined;
    return r ? providerFromRow(r) : null;
  }

  listProviders(poolId: string, limit: number, after: string | null): Page<IdentityProviderRecord> {
    const rows = this.s.listProviders.all(poolId, after ?? '', limit + 1) as ProviderRow[];
    return pageOf(rows.map(providerFromRow), limit, (p) => p.name);
  }

  /** Read, change and write of the provider and its identifiers in one synchronous transaction. */
  changeProvider(poolId: string, name: string, change: IdentityProviderChange): IdentityProviderRecord | null | 'identifier-taken' {
    const taken = new Error('identifier-taken');
    try {
      return this.guard.transaction(this.db, () => {
        const r = this.s.getProvider.get(poolId, name) as ProviderRow | undefined;
        if (!r) return null;
        const current = providerFromRow(r);
        const next = change(providerFromRow(r));
        if (next.poolId !== current.poolId || next.name !== current.name || next.type !== current.type) {
          throw new TypeError(`an identity provider change may not change its pool, name or type (${poolId}/${name})`);
        }
        const row = providerToRow(next);
        this.s.updateProvider.run(row);
        this.s.deleteIdentifiers.run(poolId, name);
        for (const id of next.idpIdentifiers) {
          if (this.s.insertIdentifier.run(poolId, id, name).changes === 0) throw taken;
        }
        return { ...next, createdAt: current.createdAt };
      });
    } catch (e) {
      if (e === taken) return 'identifier-taken';
      throw e;
    }
  }

  /** The identifiers go by cascade, in the same statement. */
  deleteProvider(poolId: string, name: string): boolean {
    return this.s.deleteProvider.run(poolId, name).changes > 0;
  }

  putCustomization(c: UICustomizationRecord): UICustomizationRecord {
    const r = this.s.putCustomization.get({
      pool_id: c.poolId,
      client_id: c.clientId,
      css: c.css,
      image: c.image,
      created_at: c.createdAt.getTime(),
      modified_at: c.lastModifiedAt.getTime(),
    }) as CustomizationRow;
    return customizationFromRow(r);
  }

  getCustomization(poolId: string, clientId: string): UICustomizationRecord | null {
    const r = this.s.getCustomization.get(poolId, clientId) as CustomizationRow | undefined;
    return r ? customizationFromRow(r) : null;
  }

  deleteCustomization(poolId: string, clientId: string): boolean {
    return this.s.deleteCustomization.run(poolId, clientId).changes > 0;
  }

  /** The sub of the user holding the identity; the store turns it into its user (through its row cache). */
  subByIdentity(poolId: string, providerName: string, providerUserId: string): string | null {
    const r = this.s.identityHolder.get(poolId, providerName, providerUserId) as { sub: string } | undefined;
    return r ? r.sub : null;
  }

  /**
   * Rewrites the index rows of one user from its `identities` attribute. Call it inside the transaction
   * that writes the user: an identity another user holds throws AliasExistsException, rolling both back.
   */
  syncIdentities(user: UserRecord, replace: boolean): void {
    if (replace) this.s.deleteIdentities.run(user.poolId, user.sub);
    for (const key of providerIdentityKeys(user)) {
      if (this.s.insertIdentity.run(user.poolId, key.providerName, key.userId, user.sub).changes > 0) continue;
      const holder = this.s.identityHolder.get(user.poolId, key.providerName, key.userId) as { sub: string } | undefined;
      // The same identity listed twice in one attribute is not a conflict.
      if (holder?.sub !== user.sub) throw new AliasExistsException(identityTakenMessage(key));
    }
  }
}
