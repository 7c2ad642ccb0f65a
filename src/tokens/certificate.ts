import { createHash, sign, type KeyObject } from 'node:crypto';

/*
 * GetSigningCertificate's certificate: a self-signed X.509 v3 certificate (DER, base64 without PEM
 * armour, as Cognito answers) over the pool's ID-token key, subject and issuer CN=<poolId>, valid ten
 * years from the pool's creation. Cognito signs SAML requests with such a certificate; here it is what a
 * SAML IdP would be given. Node has no certificate builder, so the few DER structures are written out.
 */

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

const seq = (...p: Buffer[]) => der(0x30, ...p);
const SHA256_WITH_RSA = seq(der(0x06, Buffer.from('2a864886f70d01010b', 'hex')), Buffer.from([0x05, 0x00]));
const COMMON_NAME = der(0x06, Buffer.from('550403', 'hex'));

function name(cn: string): Buffer {
  return seq(der(0x31, seq(COMMON_NAME, der(0x0c, Buffer.from(cn, 'utf8')))));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

/** The certificate, base64 DER. The serial number is derived from the key, so the same pool always gets the same certificate. */
export function selfSignedCertificate(args: { subject: string; publicKey: KeyObject; privateKey: KeyObject; notBefore: Date }): string {
  const spki = args.publicKey.export({ type: 'spki', format: 'der' });
  const serial = createHash('sha256').update(spki).digest().subarray(0, 16);
  serial[0]! &= 0x7f; // a positive INTEGER
  const notAfter = new Date(args.notBefore.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    SHA256_WITH_RSA,
    name(args.subject),
    seq(time(args.notBefore), time(notAfter)),
    name(args.subject),
    spki,
  );
  const signature = sign('sha256', tbs, args.privateKey);
  return seq(tbs, SHA256_WITH_RSA, der(0x03, Buffer.from([0]), signature)).toString('base64');
}
