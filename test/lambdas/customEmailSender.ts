import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import type { CustomEmailSenderTriggerHandler } from 'aws-lambda';

// As AWS's example: the Encryption SDK, allowing the non-committing messages Cognito sends. The KMS client
// finds its endpoint in AWS_ENDPOINT_URL_KMS (the test's moto_server) and its keys in the environment.
const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const keyring = new KmsKeyringNode({
  discovery: true,
  clientProvider: getClient(KMS, { ...(process.env.AWS_ENDPOINT_URL_KMS ? { endpoint: process.env.AWS_ENDPOINT_URL_KMS } : {}) }),
});

/** Decrypts the code and "sends" it: logs the event with the plain code and the message's encryption context. */
export const handler: CustomEmailSenderTriggerHandler = async (event) => {
  let plaintext: string | null = null;
  let encryptionContext: Record<string, string> = {};
  if (event.request.code) {
    const out = await decrypt(keyring, Buffer.from(event.request.code, 'base64'));
    plaintext = out.plaintext.toString('utf8');
    encryptionContext = out.messageHeader.encryptionContext;
  }
  console.log(JSON.stringify({ event, plaintext, encryptionContext }));
};
