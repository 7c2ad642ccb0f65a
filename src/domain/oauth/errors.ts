/**
 * An OAuth 2.0 error (RFC 6749 section 5.2): `error` is the code clients switch on, `status` the HTTP
 * status Cognito answers with. Not a CognitoError: it never travels as AWS JSON. The protocol turns it
 * into a JSON body, a redirect with `?error=`, or an error page.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description?: string,
    readonly status = 400,
  ) {
    super(description ?? error);
    this.name = 'OAuthError';
  }
}
