/**
 * AWS Signature Version 4 for the command line's requests (an AWS JSON POST with a body, or cognate's outbox
 * GET). The signer lives in src/aws/signer.ts, shared with the service's own outgoing calls.
 */
export { canonicalQueryString, signRequest } from '../aws/signer.js';
