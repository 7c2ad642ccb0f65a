import type pg from 'pg';
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

/* Resource servers, identity providers, UI customizations and the users' external identities in
   PostgreSQL (tables of migration step 7). Kept apart from store.ts, which delegates to it. */

/** The store's named-statement query function, on the pool or on a transaction's connection. */
export type QueryOn = <R extends pg.QueryResultRow>(text: string, values?: unknown[], on?: pg.PoolClient) => Promise<pg.QueryResult<R>>;
/** The store's transaction runner (BEGIN, work, COMMIT; ROLLBACK if the work throws). */
export type Transaction = <T>(work: (c: pg.PoolClient) => Promise<T>) => Promise<T>;

interface ResourceServerRow {
  pool_id: string;
  identifier: string;
  name: string;
  scopes: ResourceServerRecord['scopes'];
}

interface ProviderRow {
  pool_id: string;
  name: string;
  type: string;
  details: Record<string, string>;
  attribute_mapping: Record<string, string>;
  idp_identifiers: string[];
  created_at: Date;
  modified_at: Date;
}

interface CustomizationRow {
  pool_id: string;
  client_id: string;
  css: string | null;
  image: Buffer | null;
  created_at: Date;
  modified_at: Date;
}

const serverFromRow = (r: ResourceServerRow): ResourceServerRecord => ({ poolId: r.pool_id, identifier: r.identifier, name: r.name, scopes: r.scopes });

const providerFromRow = (r: ProviderRow): IdentityProviderRecord => ({
  poolId: r.pool_id,
  name: r.name,
  type: r.type,
  details: r.details,
  attributeMapping: r.attribute_mapping,
  idpIdentifiers: r.idp_identifiers,
  createdAt: r.created_at,
  lastModifiedAt: r.modified_at,
});

const customizationFromRow = (r: CustomizationRow): UICustomizationRecord => ({
  poolId: r.pool_id,
  clientId: r.client_id,
  css: r.css,
  image: r.image,
  createdAt: r.created_at,
  lastModifiedAt: r.modified_at,
});

/** Thrown inside a transaction to roll it back when an identifier is taken; never leaves this module. */
class IdentifierTaken extends Error {}

/** Nothing is cached: another instance may change any of it at any time. */
export class PostgresOAuth {
  constructor(
    private readonly q: QueryOn,
    private readonly transaction: Transaction,
  ) {}

  async createServer(r: ResourceServerRecord): Promise<boolean> {
    const res = await this.q('INSERT INTO resource_servers (pool_id, identifier, name, scopes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      r.poolId,
      r.identifier,
      r.name,
      JSON.stringify(r.scopes),
    ]);
    return (res.rowCount ?? 0) > 0;
  }

  async getServer(poolId: string, identifier: string): Promise<ResourceServerRecord | null> {
    const { rows } = await this.q<ResourceServerRow>('SELECT * FROM resource_servers WHERE pool_id = $1 AND identifier = $2', [poolId, identifier]);
    return rows[0] ? serverFromRow(rows[0]) : null;
  }

  async listServers(poolId: string, limit: number, after: string | null): Promise<Page<ResourceServerRecord>> {
    const { rows } = await this.q<ResourceServerRow>('SELECT * FROM resource_servers WHERE pool_id = $1 AND identifier > $2 ORDER BY identifier LIMIT $3', [
      poolId,
      after ?? '',
      limit + 1,
    ]);
    return pageOf(rows.map(serverFromRow), limit, (s) => s.identifier);
  }

  async updateServer(r: ResourceServerRecord): Promise<ResourceServerRecord | null> {
    const { rows } = await this.q<ResourceServerRow>('UPDATE resource_servers SET name = $3, scopes = $4 WHERE pool_id = $1 AND identifier = $2 RETURNING *', [
      r.poolId,
      r.identifier,
      r.name,
      JSON.stringify(r.scopes),
    ]);
    return rows[0] ? serverFromRow(rows[0]) : null;
  }

  async deleteServer(poolId: string, identifier: string): Promise<boolean> {
    return ((await this.q('DELETE FROM resource_servers WHERE pool_id = $1 AND identifier = $2', [poolId, identifier])).rowCount ?? 0) > 0;
  }

  private async insertIdentifiers(poolId: string, name: string, identifiers: string[], c: pg.PoolClient): Promise<void> {
    for (const id of identifiers) {
      const r = await this.q(
        'INSERT INTO idp_identifiers (pool_id, identifier, provider_name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [poolId, id, name],
        c,
      );
      if ((r.rowCount ?? 0) === 0) throw new IdentifierTaken();
    }
  }

  /** Provider and identifiers in one transaction; an identifier another provider holds rolls both back. */
  async createProvider(p: IdentityProviderRecord): Promise<IdentityProviderConflict | null> {
    try {
      return await this.transaction(async (c) => {
        const r = await this.q(
          `INSERT INTO identity_providers (pool_id, name, type, details, attribute_mapping, idp_identifiers, created_at, modified_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [
            p.poolId,
            p.name,
            p.type,
            JSON.stringify(p.details),
            JSON.stringify(p.attributeMapping),
            JSON.stringify(p.idpIdentifiers),
            p.createdAt,
            p.lastModifiedAt,
          ],
          c,
        );
        if ((r.rowCount ?? 0) === 0) return 'name-taken' as const;
        await this.insertIdentifiers(p.poolId, p.name, p.idpIdentifiers, c);
        return null;
      });
    } catch (e) {
      if (e instanceof IdentifierTaken) return 'identifier-taken';
      throw e;
    }
  }

  async getProvider(poolId: string, name: string): Promise<IdentityProviderRecord | null> {
    const { rows } = await this.q<ProviderRow>('SELECT * FROM identity_providers WHERE pool_id = $1 AND name = $2', [poolId, name]);
    return rows[0] ? providerFromRow(rows[0]) : null;
  }

  async providerByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | null> {
    const { rows } = await this.q<ProviderRow>(
      `SELECT p.* FROM idp_identifiers i JOIN identity_providers p ON p.pool_id = i.pool_id AND p.name = i.provider_name
      WHERE i.pool_id = $1 AND i.identifier = $2`,
      [poolId, identifier],
    );
    return rows[0] ? providerFromRow(rows[0]) : null;
  }

  async listProviders(poolId: string, limit: number, after: string | null): Promise<Page<IdentityProviderRecord>> {
    const { rows } = await this.q<ProviderRow>('SELECT * FROM identity_providers WHERE pool_id = $1 AND name > $2 ORDER BY name LIMIT $3', [
      poolId,
      after ?? '',
      limit + 1,
    ]);
    return pageOf(rows.map(providerFromRow), limit, (p) => p.name);
  }

  /** Read (FOR UPDATE), change and write of the provider and its identifiers in one transaction. */
  async changeProvider(poolId: string, name: string, change: IdentityProviderChange): Promise<IdentityProviderRecord | null | 'identifier-taken'> {
    try {
      return await this.transaction(async (c) => {
        const { rows } = await this.q<ProviderRow>('SELECT * FROM identity_providers WHERE pool_id = $1 AND name = $2 FOR UPDATE', [poolId, name], c);
        if (!rows[0]) return null;
        const current = providerFromRow(rows[0]);
        const next = change(providerFromRow(structuredClone(rows[0])));
        if (next.poolId !== current.poolId || next.name !== current.name || next.type !== current.type) {
          throw new TypeError(`an identity provider change may not change its pool, name or type (${poolId}/${name})`);
        }
        await this.q(
          'UPDATE identity_providers SET details = $3, attribute_mapping = $4, idp_identifiers = $5, modified_at = $6 WHERE pool_id = $1 AND name = $2',
          [poolId, name, JSON.stringify(next.details), JSON.stringify(next.attributeMapping), JSON.stringify(next.idpIdentifiers), next.lastModifiedAt],
          c,
        );
        await this.q('DELETE FROM idp_identifiers WHERE pool_id = $1 AND provider_name = $2', [poolId, name], c);
        await this.insertIdentifiers(poolId, name, next.idpIdentifiers, c);
        return { ...next, createdAt: current.createdAt };
      });
    } catch (e) {
      if (e instanceof IdentifierTaken) return 'identifier-taken';
      throw e;
    }
  }

  /** The identifiers go by cascade, in the same statement. */
  async deleteProvider(poolId: string, name: string): Promise<boolean> {
    return ((await this.q('DELETE FROM identity_providers WHERE pool_id = $1 AND name = $2', [poolId, name])).rowCount ?? 0) > 0;
  }

  async putCustomization(c: UICustomizationRecord): Promise<UICustomizationRecord> {
    const { rows } = await this.q<CustomizationRow>(
      `INSERT INTO ui_customizations (pool_id, client_id, css, image, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (pool_id, client_id) DO UPDATE SET css = excluded.css, image = excluded.image, modified_at = excluded.modified_at
      RETURNING *`,
      [c.poolId, c.clientId, c.css, c.image, c.createdAt, c.lastModifiedAt],
    );
    return customizationFromRow(rows[0]!);
  }

  async getCustomization(poolId: string, clientId: string): Promise<UICustomizationRecord | null> {
    const { rows } = await this.q<CustomizationRow>('SELECT * FROM ui_customizations WHERE pool_id = $1 AND client_id = $2', [poolId, clientId]);
    return rows[0] ? customizationFromRow(rows[0]) : null;
  }

  async deleteCustomization(poolId: string, clientId: string): Promise<boolean> {
    return ((await this.q('DELETE FROM ui_customizations WHERE pool_id = $1 AND client_id = $2', [poolId, clientId])).rowCount ?? 0) > 0;
  }

  /**
   * Rewrites the index rows of one user from its `identities` attribute, on the connection of the
   * transaction that writes the user: an identity another user holds throws AliasExistsException, and
   * the caller's transaction rolls both back.
   */
  async syncIdentities(user: UserRecord, replace: boolean, c: pg.PoolClient): Promise<void> {
    if (replace) await this.q('DELETE FROM user_identities WHERE pool_id = $1 AND sub = $2', [user.poolId, user.sub], c);
    for (const key of providerIdentityKeys(user)) {
      const r = await this.q(
        'INSERT INTO user_identities (pool_id, provider_name, provider_user_id, sub) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [user.poolId, key.providerName, key.userId, user.sub],
        c,
      );
      if ((r.rowCount ?? 0) > 0) continue;
      const { rows } = await this.q<{ sub: string }>(
        'SELECT sub FROM user_identities WHERE pool_id = $1 AND provider_name = $2 AND provider_user_id = $3',
        [user.poolId, key.providerName, key.userId],
        c,
      );
      if (rows[0]?.sub !== user.sub) throw new AliasExistsException(identityTakenMessage(key));
    }
  }
}
