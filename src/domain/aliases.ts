/**
 * Verified email and phone aliases are unique in a pool: a new user whose verified alias another user holds
 * verified either fails (AliasExistsException) or, when the caller forces it, takes the alias and leaves the
 * holder with it unverified, as AdminCreateUser's ForceAliasCreation and the migrate-user trigger's
 * forceAliasCreation do.
 */
import { AliasExistsException } from '../errors.js';
import type { Services } from '../services.js';
import type { PoolRecord } from '../store/store.js';
import { unverify } from './codes.js';
import { usersWithAttribute } from './users.js';

export async function claimVerifiedAliases(svc: Services, pool: PoolRecord, attrs: Record<string, string>, force: boolean, now: Date): Promise<void> {
  for (const alias of (pool.settings.AliasAttributes ?? []).filter((a) => a === 'email' || a === 'phone_number')) {
    const value = attrs[alias];
    if (value === undefined || attrs[`${alias}_verified`] !== 'true') continue;
    const holders = (await usersWithAttribute(svc.store, pool, alias, value)).filter((u) => u.attributes[`${alias}_verified`] === 'true');
    if (holders.length > 0 && !force) throw new AliasExistsException(`An account with the given ${alias} already exists.`);
    for (const holder of holders) await unverify(svc, holder, alias, value, now);
  }
}
