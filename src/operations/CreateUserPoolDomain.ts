/**
 * CreateUserPoolDomain: a prefix domain, or a custom domain with CustomDomainConfig.CertificateArn (no
 * certificate is fetched: any ARN is taken). The domain is ACTIVE at once. The hosted pages and OAuth 2.0
 * endpoints answer at it: see src/protocol/oauth/ for how a domain is addressed locally.
 */
import { InvalidParameterException } from '../errors.js';
import { checkDomainName, checkManagedLoginVersion, cloudFrontDomain, DOMAIN_EXISTS, domainVersion, POOL_HAS_DOMAIN } from '../domain/domains.js';
import { requirePool } from '../domain/users.js';
import type { DomainRecord } from '../store/store.js';
import { defineOperation } from './operation.js';

export const CreateUserPoolDomain = defineOperation('CreateUserPoolDomain', async (input, svc) => {
  const certificateArn = input.CustomDomainConfig?.CertificateArn ?? null;
  checkDomainName(input.Domain, certificateArn !== null);
  const managedLoginVersion = checkManagedLoginVersion(input.ManagedLoginVersion);
  const pool = await requirePool(svc.store, input.UserPoolId);
  const now = svc.clock.now();
  const record: DomainRecord = {
    domain: input.Domain,
    poolId: pool.id,
    certificateArn,
    managedLoginVersion,
    version: domainVersion(now),
    createdAt: now,
    lastModifiedAt: now,
  };
  const created = await svc.store.createDomain(record);
  if (created === 'taken') throw new InvalidParameterException(DOMAIN_EXISTS);
  if (created === 'pool-has-one') throw new InvalidParameterException(POOL_HAS_DOMAIN);
  const cloudFront = cloudFrontDomain(record);
  return { ManagedLoginVersion: managedLoginVersion, ...(cloudFront ? { CloudFrontDomain: cloudFront } : {}) };
});
