/**
 * Every error cognate puts on the wire. One class per AWS exception, named exactly as its `__type`;
 * only src/protocol/ turns these into responses. Misuse of our own code is a TypeError, never one of these.
 */
export abstract class CognitoError extends Error {
  /** Who is at fault: the caller ("client", HTTP 400) or us ("server", HTTP 500). */
  readonly fault: 'client' | 'server' = 'client';
  /** The wire `__type`; equal to the class name by construction. */
  abstract readonly type: string;
  get status(): number {
    return this.fault === 'server' ? 500 : 400;
  }
  /** Extra members to put beside `message` in the error body (e.g. InvalidParameterException.reasonCode). */
  extra(): Record<string, unknown> | undefined {
    return undefined;
  }
}

/** A server fault: logged with its request id; the client only sees the id. */
export class InternalErrorException extends CognitoError {
  override readonly fault = 'server' as const;
  readonly type = 'InternalErrorException';
}

/** The body could not be read as the operation's input (bad JSON, wrong JSON types). */
export class SerializationException extends CognitoError {
  readonly type = 'SerializationException';
}

/** The X-Amz-Target names no operation this service has. */
export class UnknownOperationException extends CognitoError {
  readonly type = 'UnknownOperationException';
}

/** The Content-Type is not application/x-amz-json-1.1 (or 1.0). */
export class UnsupportedMediaTypeException extends CognitoError {
  readonly type = 'UnsupportedMediaTypeException';
}

/** The request body is larger than the service accepts. */
export class RequestEntityTooLargeException extends CognitoError {
  readonly type = 'RequestEntityTooLargeException';
  /** 413, so HTTP clients and proxies see a refused body for what it is, not a malformed request. */
  override get status(): number {
    return 413;
  }
}

/** The request lacks an Authorization header (or its signature parts). */
export class MissingAuthenticationTokenException extends CognitoError {
  readonly type = 'MissingAuthenticationTokenException';
}

/** The Authorization header is not a well-formed AWS4-HMAC-SHA256 signature. */
export class IncompleteSignatureException extends CognitoError {
  readonly type = 'IncompleteSignatureException';
}

/** The access key id is not one this server knows. */
export class UnrecognizedClientException extends CognitoError {
  readonly type = 'UnrecognizedClientException';
}

/** The signature does not match (nor the body its X-Amz-Content-Sha256 names), or was made too long ago. */
export class InvalidSignatureException extends CognitoError {
  readonly type = 'InvalidSignatureException';
}

/** Invalid input; may carry the model's `reasonCode`. */
export class InvalidParameterException extends CognitoError {
  readonly type = 'InvalidParameterException';
  constructor(
    message: string,
    readonly reasonCode?: string,
  ) {
    super(message);
  }
  override extra(): Record<string, unknown> | undefined {
    return this.reasonCode ? { reasonCode: this.reasonCode } : undefined;
  }
}

/** Cognito's `AliasExistsException`, as the service model names it. */
export class AliasExistsException extends CognitoError {
  readonly type = 'AliasExistsException';
}
/** Cognito's `DuplicateProviderException`: the pool already has an identity provider of that name or IdpIdentifier. */
export class DuplicateProviderException extends CognitoError {
  readonly type = 'DuplicateProviderException';
}
/** Cognito's `UnsupportedIdentityProviderException`, as the service model names it. */
export class UnsupportedIdentityProviderException extends CognitoError {
  readonly type = 'UnsupportedIdentityProviderException';
}
/** Cognito's `CodeDeliveryFailureException`, as the service model names it. */
export class CodeDeliveryFailureException extends CognitoError {
  readonly type = 'CodeDeliveryFailureException';
}
/** Cognito's `CodeMismatchException`, as the service model names it. */
export class CodeMismatchException extends CognitoError {
  readonly type = 'CodeMismatchException';
}
/** Cognito's `ConcurrentModificationException`, as the service model names it. */
export class ConcurrentModificationException extends CognitoError {
  readonly type = 'ConcurrentModificationException';
}
/** Cognito's `ExpiredCodeException`, as the service model names it. */
export class ExpiredCodeException extends CognitoError {
  readonly type = 'ExpiredCodeException';
}
/** Cognito's `FeatureUnavailableInTierException`, as the service model names it. */
export class FeatureUnavailableInTierException extends CognitoError {
  readonly type = 'FeatureUnavailableInTierException';
}
/** Cognito's `ForbiddenException`, as the service model names it. */
export class ForbiddenException extends CognitoError {
  readonly type = 'ForbiddenException';
}
/** Cognito's `GroupExistsException`: CreateGroup with a name the pool already has. */
export class GroupExistsException extends CognitoError {
  readonly type = 'GroupExistsException';
}
/** Cognito's `InvalidEmailRoleAccessPolicyException`, as the service model names it. */
export class InvalidEmailRoleAccessPolicyException extends CognitoError {
  readonly type = 'InvalidEmailRoleAccessPolicyException';
}
/** Cognito's `InvalidLambdaResponseException`, as the service model names it. */
export class InvalidLambdaResponseException extends CognitoError {
  readonly type = 'InvalidLambdaResponseException';
}
/** Cognito's `InvalidOAuthFlowException`, as the service model names it. */
export class InvalidOAuthFlowException extends CognitoError {
  readonly type = 'InvalidOAuthFlowException';
}
/** Cognito's `InvalidPasswordException`, as the service model names it. */
export class InvalidPasswordException extends CognitoError {
  readonly type = 'InvalidPasswordException';
}
/** Cognito's `InvalidSmsRoleAccessPolicyException`, as the service model names it. */
export class InvalidSmsRoleAccessPolicyException extends CognitoError {
  readonly type = 'InvalidSmsRoleAccessPolicyException';
}
/** Cognito's `InvalidSmsRoleTrustRelationshipException`, as the service model names it. */
export class InvalidSmsRoleTrustRelationshipException extends CognitoError {
  readonly type = 'InvalidSmsRoleTrustRelationshipException';
}
/** Cognito's `InvalidUserPoolConfigurationException`, as the service model names it. */
export class InvalidUserPoolConfigurationException extends CognitoError {
  readonly type = 'InvalidUserPoolConfigurationException';
}
/** Cognito's `LimitExceededException`, as the service model names it. */
export class LimitExceededException extends CognitoError {
  readonly type = 'LimitExceededException';
}
/** Cognito's `MFAMethodNotFoundException`, as the service model names it. */
export class MFAMethodNotFoundException extends CognitoError {
  readonly type = 'MFAMethodNotFoundException';
}
/** Cognito's `NotAuthorizedException`, as the service model names it. */
export class NotAuthorizedException extends CognitoError {
  readonly type = 'NotAuthorizedException';
}
/** Cognito's `PasswordHistoryPolicyViolationException`, as the service model names it. */
export class PasswordHistoryPolicyViolationException extends CognitoError {
  readonly type = 'PasswordHistoryPolicyViolationException';
}
/** Cognito's `PasswordResetRequiredException`, as the service model names it. */
export class PasswordResetRequiredException extends CognitoError {
  readonly type = 'PasswordResetRequiredException';
}
/** Cognito's `RefreshTokenReuseException`: a refresh token that refresh-token rotation invalidated. */
export class RefreshTokenReuseException extends CognitoError {
  readonly type = 'RefreshTokenReuseException';
}
/** Cognito's `PreconditionNotMetException`, as the service model names it. */
export class PreconditionNotMetException extends CognitoError {
  readonly type = 'PreconditionNotMetException';
}
/** Cognito's `ResourceNotFoundException`, as the service model names it. */
export class ResourceNotFoundException extends CognitoError {
  readonly type = 'ResourceNotFoundException';
}
/** Cognito's `ScopeDoesNotExistException`, as the service model names it. */
export class ScopeDoesNotExistException extends CognitoError {
  readonly type = 'ScopeDoesNotExistException';
}
/** Cognito's `SoftwareTokenMFANotFoundException`, as the service model names it. */
export class SoftwareTokenMFANotFoundException extends CognitoError {
  readonly type = 'SoftwareTokenMFANotFoundException';
}
/** Cognito's `TierChangeNotAllowedException`, as the service model names it. */
export class TierChangeNotAllowedException extends CognitoError {
  readonly type = 'TierChangeNotAllowedException';
}
/** Cognito's `TooManyFailedAttemptsException`, as the service model names it. */
export class TooManyFailedAttemptsException extends CognitoError {
  readonly type = 'TooManyFailedAttemptsException';
}
/** Cognito's `TooManyRequestsException`, as the service model names it. */
export class TooManyRequestsException extends CognitoError {
  readonly type = 'TooManyRequestsException';
}
/** Cognito's `UnauthorizedException`, as the service model names it. */
export class UnauthorizedException extends CognitoError {
  readonly type = 'UnauthorizedException';
}
/** Cognito's `UnexpectedLambdaException`, as the service model names it. */
export class UnexpectedLambdaException extends CognitoError {
  readonly type = 'UnexpectedLambdaException';
}
/** Cognito's `UnsupportedOperationException`, as the service model names it. */
export class UnsupportedOperationException extends CognitoError {
  readonly type = 'UnsupportedOperationException';
}
/** Cognito's `UnsupportedTokenTypeException`, as the service model names it. */
export class UnsupportedTokenTypeException extends CognitoError {
  readonly type = 'UnsupportedTokenTypeException';
}
/** Cognito's `UnsupportedUserStateException`, as the service model names it. */
export class UnsupportedUserStateException extends CognitoError {
  readonly type = 'UnsupportedUserStateException';
}
/** Cognito's `UserImportInProgressException`, as the service model names it. */
export class UserImportInProgressException extends CognitoError {
  readonly type = 'UserImportInProgressException';
}
/** Cognito's `UserLambdaValidationException`, as the service model names it. */
export class UserLambdaValidationException extends CognitoError {
  readonly type = 'UserLambdaValidationException';
}
/** Cognito's `UserNotConfirmedException`, as the service model names it. */
export class UserNotConfirmedException extends CognitoError {
  readonly type = 'UserNotConfirmedException';
}
/** Cognito's `UserNotFoundException`, as the service model names it. */
export class UserNotFoundException extends CognitoError {
  readonly type = 'UserNotFoundException';
}
/** Cognito's `UserPoolTaggingException`, as the service model names it. */
export class UserPoolTaggingException extends CognitoError {
  readonly type = 'UserPoolTaggingException';
}
/** Cognito's `UsernameExistsException`, as the service model names it. */
export class UsernameExistsException extends CognitoError {
  readonly type = 'UsernameExistsException';
}
/** VerifySoftwareToken was given a code that does not match the software token being set up. */
export class EnableSoftwareTokenMFAException extends CognitoError {
  readonly type = 'EnableSoftwareTokenMFAException';
}
