/**
 * Codes for the custom sender triggers, encrypted as Cognito encrypts them: an AWS Encryption SDK message
 * (`@aws-crypto/client-node`, so a function decrypts it with the library AWS tells it to use) whose data key
 * comes from KMS GenerateDataKey under the pool's `KMSKeyID`, base64-encoded.
 *
 * The message matches what Cognito sends, as read from a real code (aws-sdk-rust#1250): format version 1,
 * algorithm suite 0x0378 (ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, without key commitment, so a
 * function must decrypt with `CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT` as AWS's example does), and
 * the encryption context `{"userpool-id": POOL_ID}` (plus the SDK's own `aws-crypto-public-key`).
 *
 * KMS is called with the AWS SDK's KMS client (which the Encryption SDK ships with) at the configured
 * endpoint (`--kms-endpoint-url`; without one, the AWS endpoint of the key's region), signed with the
 * server's keys, once (no retries) and within a few seconds, so that an unreachable KMS fails the request
 * with the trigger's error instead of holding it.
 */
import type { KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import type { SigningKeys } from './signer.js';

export interface KmsEncryptionOptions {
  /** The KMS endpoint; absent: AWS's, in the key's region. */
  endpoint?: string;
  keys: SigningKeys;
  /** How long one KMS call may take, in milliseconds. */
  timeoutMs?: number;
}

type Sdk = typeof import('@aws-crypto/client-node');

/**
 * Encrypts codes with the AWS Encryption SDK under a KMS key (see the file's comment). The SDK is loaded on
 * the first code, not at start: it takes most of a second to load, and most servers never need it.
 */
export class KmsCodeEncryptor {
  private loaded: Promise<{ sdk: Sdk; encrypt: ReturnType<Sdk['buildClient']>['encrypt']; clients: (region: string) => KMS | false }> | null = null;

  constructor(private readonly options: KmsEncryptionOptions) {}

  private load() {
    this.loaded ??= import('@aws-crypto/client-node').then((sdk) => {
      const timeout = this.options.timeoutMs ?? 4000;
      const clients = sdk.cacheClients(
        sdk.getClient(sdk.KMS, {
          credentials: this.options.keys,
          maxAttempts: 1,
          requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        }),
      );
      return { sdk, encrypt: sdk.buildClient(sdk.CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT).encrypt, clients };
    });
    return this.loaded;
  }

  async encrypt(keyId: string, plaintext: string, encryptionContext: Record<string, string>): Promise<string> {
    const { sdk, encrypt, clients } = await this.load();
    const keyring: KmsKeyringNode = new sdk.KmsKeyringNode({ generatorKeyId: keyId, clientProvider: clients });
    try {
      const { result } = await encrypt(keyring, Buffer.from(plaintext, 'utf8'), {
        encryptionContext,
        suiteId: sdk.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
      });
      return result.toString('base64');
    } catch (e) {
      throw new Error(`KMS could not encrypt with ${keyId}: ${describe(e)}`);
    }
  }
}
/** An SDK error in one line: its name and message, or its cause's for a network failure. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  const base = e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return base || (cause instanceof Error ? cause.message : 'unknown error');
}
