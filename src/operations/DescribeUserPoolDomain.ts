/**
 * DescribeUserPoolDomain: the domain's pool, status (always ACTIVE) and settings. A name no pool has
 * answers 200 with an empty DomainDescription, as the real service is reported to (src/domain/domains.ts).
 */
import { describeDomain } from '../domain/domains.js';
import { defineOperation } from './operation.js';

export const DescribeUserPoolDomain = defineOperation('DescribeUserPoolDomain', async (input, svc) => {
  const domain = await svc.store.getDomain(input.Domain);
  return { DomainDescription: domain ? describeDomain(domain) : {} };
});
