/**
 * UpdateUserPoolDomain: changes a domain's ManagedLoginVersion or, of a custom domain, its certificate;
 * a domain is renamed by deleting and creating it. A prefix domain given a CustomDomainConfig is refused
 * (our choice: the service documents the certificate as a custom domain's only). Omitted members keep
 * their values.
 */
import { InvalidParameterException, ResourceNotFoundException } from '../errors.js';
import { checkManagedLoginVersion, cloudFrontDomain, domainVersion } from '../domain/domains.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const UpdateUserPoolDomain = defineOperation('UpdateUserPoolDomain', async (input, svc) => {
  if (input.ManagedLoginVersion !== undefined) checkManagedLoginVersion(input.ManagedLoginVersion);
  const pool = await requirePool(svc.store, input.UserPoolId);
  const current = await svc.store.getDomain(input.Domain);
  if (!current || current.poolId !== pool.id) throw new ResourceNotFoundException(`Domain ${input.Domain} does not exist in user pool ${pool.id}.`);
  if (input.CustomDomainConfig && current.certificateArn === null) {
    throw new InvalidParameterException(`Domain ${input.Domain} is a prefix domain; only a custom domain has a certificate.`);
  }
  const now = svc.clock.now();
  const updated = await svc.store.updateDomain(pool.id, input.Domain, {
    certificateArn: input.CustomDomainConfig?.CertificateArn ?? current.certificateArn,
    managedLoginVersion: input.ManagedLoginVersion ?? current.managedLoginVersion,
    version: domainVersion(now),
    lastModifiedAt: now,
  });
  if (!updated) throw new ResourceNotFoundException(`Domain ${input.Domain} does not exist in user pool ${pool.id}.`);
  const cloudFront = cloudFrontDomain(updated);
  return { ManagedLoginVersion: updated.managedLoginVersion, ...(cloudFront ? { CloudFrontDomain: cloudFront } : {}) };
});
