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

/** Invalid input; may carry the model's `reasonCode`. */
export class InvalidParameterException extends CognitoError {
  readonly type = 'InvalidParameterException';
  constructor(message: string, readonly reasonCode?: string) {
    super(message);
  }
  override extra(): Record<string, unknown> | undefined {
    return this.reasonCode ? { reasonCode: this.reasonCode } : undefined;
  }
}

export class AliasExistsException extends CognitoError {
  readonly type = 'AliasExistsException';
}
export class CodeDeliveryFailureException extends CognitoError {
  readonly type = 'CodeDeliveryFailureException';
}
export class CodeMismatchException extends CognitoError {
  readonly type = 'CodeMismatchException';
}
export class ConcurrentModificationException extends CognitoError {
  readonly type = 'ConcurrentModificationException';
}
export class ExpiredCodeException extends CognitoError {
  readonly type = 'ExpiredCodeException';
}
export class FeatureUnavailableInTierException extends CognitoError {
  readonly type = 'FeatureUnavailableInTierException';
}
export class ForbiddenException extends CognitoError {
  readonly type = 'ForbiddenException';
}
export class InvalidEmailRoleAccessPolicyException extends CognitoError {
  readonly type = 'InvalidEmailRoleAccessPolicyException';
}
export class InvalidLambdaResponseException extends CognitoError {
  readonly type = 'InvalidLambdaResponseException';
}
export class InvalidOAuthFlowException extends CognitoError {
  readonly type = 'InvalidOAuthFlowException';
}
export class InvalidPasswordException extends CognitoError {
  readonly type = 'InvalidPasswordException';
}
export class InvalidSmsRoleAccessPolicyException extends CognitoError {
  readonly type = 'InvalidSmsRoleAccessPolicyException';
}
export class InvalidSmsRoleTrustRelationshipException extends CognitoError {
  readonly type = 'InvalidSmsRoleTrustRelationshipException';
}
export class InvalidUserPoolConfigurationException extends CognitoError {
  readonly type = 'InvalidUserPoolConfigurationException';
}
export class LimitExceededException extends CognitoError {
  readonly type = 'LimitExceededException';
}
export class MFAMethodNotFoundException extends CognitoError {
  readonly type = 'MFAMethodNotFoundException';
}
export class NotAuthorizedException extends CognitoError {
  readonly type = 'NotAuthorizedException';
}
export class PasswordHistoryPolicyViolationException extends CognitoError {
  readonly type = 'PasswordHistoryPolicyViolationException';
}
export class PasswordResetRequiredException extends CognitoError {
  readonly type = 'PasswordResetRequiredException';
}
export class PreconditionNotMetException extends CognitoError {
  readonly type = 'PreconditionNotMetException';
}
export class ResourceNotFoundException extends CognitoError {
  readonly type = 'ResourceNotFoundException';
}
export class ScopeDoesNotExistException extends CognitoError {
  readonly type = 'ScopeDoesNotExistException';
}
export class SoftwareTokenMFANotFoundException extends CognitoError {
  readonly type = 'SoftwareTokenMFANotFoundException';
}
export class TierChangeNotAllowedException extends CognitoError {
  readonly type = 'TierChangeNotAllowedException';
}
export class TooManyFailedAttemptsException extends CognitoError {
  readonly type = 'TooManyFailedAttemptsException';
}
export class TooManyRequestsException extends CognitoError {
  readonly type = 'TooManyRequestsException';
}
export class UnauthorizedException extends CognitoError {
  readonly type = 'UnauthorizedException';
}
export class UnexpectedLambdaException extends CognitoError {
  readonly type = 'UnexpectedLambdaException';
}
export class UnsupportedOperationException extends CognitoError {
  readonly type = 'UnsupportedOperationException';
}
export class UnsupportedTokenTypeException extends CognitoError {
  readonly type = 'UnsupportedTokenTypeException';
}
export class UnsupportedUserStateException extends CognitoError {
  readonly type = 'UnsupportedUserStateException';
}
export class UserImportInProgressException extends CognitoError {
  readonly type = 'UserImportInProgressException';
}
export class UserLambdaValidationException extends CognitoError {
  readonly type = 'UserLambdaValidationException';
}
export class UserNotConfirmedException extends CognitoError {
  readonly type = 'UserNotConfirmedException';
}
export class UserNotFoundException extends CognitoError {
  readonly type = 'UserNotFoundException';
}
export class UserPoolTaggingException extends CognitoError {
  readonly type = 'UserPoolTaggingException';
}
export class UsernameExistsException extends CognitoError {
  readonly type = 'UsernameExistsException';
}
/** VerifySoftwareToken was given a code that does not match the software token being set up. */
export class EnableSoftwareTokenMFAException extends CognitoError {
  readonly type = 'EnableSoftwareTokenMFAException';
}
