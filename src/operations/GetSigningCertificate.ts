/**
 * GetSigningCertificate: the pool's self-signed X.509 certificate (base64 DER) over its ID-token key,
 * stable for the pool (src/tokens/certificate.ts).
 */
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetSigningCertificate = defineOperation('GetSigningCertificate', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const certificate = await svc.tokens.signingCertificate(pool.id, pool.createdAt);
  return certificate === null ? {} : { Certificate: certificate };
});
