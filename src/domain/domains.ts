import { InvalidParameterException } from '../errors.js';
import type { DomainDescriptionType } from '../model/generated.js';
import type { DomainRecord } from '../store/store.js';
import { ACCOUNT_ID } from './pools.js';

/*
 * A pool's domains: where its hosted sign-in pages and OAuth 2.0 endpoints live.
 *
 * Rules (the developer guide's domain pages; the reference's section 3.11):
 * - A prefix domain is a DNS label of lower-case letters, digits and hyphens that contains none of the
 *   words aws, amazon or cognito; a custom domain (CustomDomainConfig given) is a full name of such labels.
 * - Each name is taken once across all pools ("Domain already exists.", as reported of the real service);
 *   a pool has at most one prefix and one custom domain ("User pool already has a domain configured.").
 * - DescribeUserPoolDomain of a name nobody has answers 200 with an empty DomainDescription, as the
 *   service is reported to (the model lists ResourceNotFoundException; we follow the observed behaviour).
 * - Every domain is ACTIVE at once: there is no CloudFront distribution to wait for. CloudFrontDomain is
 *   null for a prefix (reported) and a made-up `<hash>.cloudfront.net` for a custom domain.
 */

/** The words a prefix domain may not contain. */
const RESERVED = ['aws', 'amazon', 'cognito'];

/** One DNS label. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Cognito's S3Bucket of the sample DescribeUserPoolDomain answer; there is no bucket behind it here. */
const S3_BUCKET = 'aws-cognito-prod-pdx-assets';

/** Refuses a domain name that is not a valid prefix (custom false) or custom domain (custom true). */
export function checkDomainName(domain: string, custom: boolean): void {
  if (!custom) {
    if (!LABEL.test(domain)) throw new InvalidParameterException(`Invalid domain prefix ${domain}: a prefix is one label of a-z, 0-9 and hyphens.`);
    const word = RESERVED.find((w) => domain.includes(w));
    if (word) throw new InvalidParameterException(`Domain cannot contain reserved word: ${word}`);
    return;
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    throw new InvalidParameterException(`Invalid custom domain ${domain}: it must be a full domain name such as auth.example.com.`);
  }
}

/** The taken-name answer, in the real service's reported words. */
export const DOMAIN_EXISTS = 'Domain already exists.';
/** The answer to a second domain of the same kind on one pool. */
export const POOL_HAS_DOMAIN = 'User pool already has a domain configured.';

/** DescribeUserPoolDomain's Version: the time of the last change as yyyyMMddHHmmss, UTC. */
export function domainVersion(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** A stable made-up CloudFront host name for a custom domain (null for a prefix domain, as Cognito answers). */
export function cloudFrontDomain(d: Pick<DomainRecord, 'domain' | 'certificateArn'>): string | null {
  if (d.certificateArn === null) return null;
  let h = 0x811c9dc5;
  for (const c of d.domain) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `d${h.toString(36).padStart(7, '0')}${d.domain.length.toString(36)}.cloudfront.net`;
}

/** DescribeUserPoolDomain's DomainDescription. */
export function describeDomain(d: DomainRecord): DomainDescriptionType {
  return {
    UserPoolId: d.poolId,
    AWSAccountId: ACCOUNT_ID,
    Domain: d.domain,
    S3Bucket: S3_BUCKET,
    CloudFrontDistribution: cloudFrontDomain(d) ?? `${d.domain}.cloudfront.net`,
    Version: d.version,
    Status: 'ACTIVE',
    CustomDomainConfig: d.certificateArn === null ? {} : { CertificateArn: d.certificateArn },
    ManagedLoginVersion: d.managedLoginVersion,
  } as DomainDescriptionType;
}

/** ManagedLoginVersion: 1 (classic hosted UI, the default) or 2 (managed login). */
export function checkManagedLoginVersion(v: number | undefined): number {
  if (v === undefined) return 1;
  if (v !== 1 && v !== 2) throw new InvalidParameterException(`Invalid ManagedLoginVersion ${v}: it must be 1 or 2.`);
  return v;
}
