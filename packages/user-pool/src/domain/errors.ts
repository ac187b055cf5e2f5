/**
 * The user pool's error vocabulary. Codes are Cognito's exception names because the domain *is*
 * Cognito's: the admin API puts them on the wire unchanged (admin-api/errors.ts), the OAuth and hosted-UI
 * surfaces translate the few they can meet into their own vocabularies (oauth/errors.ts).
 */
export type CognitoErrorType =
  | "AliasExistsException"
  | "CodeMismatchException"
  | "ConcurrentModificationException"
  | "EnableSoftwareTokenMFAException"
  | "ExpiredCodeException"
  | "GroupExistsException"
  | "IncompleteSignatureException"
  | "InvalidLambdaResponseException"
  | "InvalidOAuthFlowException"
  | "InvalidParameterException"
  | "InvalidPasswordException"
  | "InvalidSignatureException"
  | "LimitExceededException"
  | "MissingAuthenticationTokenException"
  | "NotAuthorizedException"
  | "PasswordResetRequiredException"
  | "RefreshTokenReuseException"
  | "ResourceNotFoundException"
  | "ScopeDoesNotExistException"
  | "SerializationException"
  | "SoftwareTokenMFANotFoundException"
  | "TooManyRequestsException"
  | "TooManyFailedAttemptsException"
  | "UnauthorizedException"
  | "UnexpectedLambdaException"
  | "UnrecognizedClientException"
  | "UnknownOperationException"
  | "UnsupportedOperationException"
  | "UnsupportedTokenTypeException"
  | "UnsupportedUserStateException"
  | "UserLambdaValidationException"
  | "UserNotConfirmedException"
  | "UserNotFoundException"
  | "UsernameExistsException";

/** A failure the caller may see: a Cognito exception name and a message safe to return. */
export class CognitoError extends Error {
  readonly type: CognitoErrorType;
  constructor(type: CognitoErrorType, message: string) {
    super(message);
    this.name = type;
    this.type = type;
  }
}

/** Shorthand used across the domain so call sites read like Cognito's documentation. */
export function fail(type: CognitoErrorType, message: string): never {
  throw new CognitoError(type, message);
}
