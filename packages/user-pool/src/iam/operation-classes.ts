/**
 * Which JSON 1.1 operations AWS lets anyone call. Cognito has three classes: anonymous client-scoped
 * operations (a `ClientId` in the body), token-authorized ones (an `AccessToken` or a challenge `Session`),
 * and everything else, which needs IAM credentials — a SigV4 `Authorization` header. The SDK marks the
 * first two `smithy.api#noAuth` and never signs them.
 *
 * The list names the public ones rather than the protected ones so that an operation added later is
 * protected until someone decides otherwise (fail closed).
 */
const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  // anonymous, client-scoped
  "SignUp",
  "ConfirmSignUp",
  "ResendConfirmationCode",
  "ForgotPassword",
  "ConfirmForgotPassword",
  "InitiateAuth",
  "RespondToAuthChallenge",
  "GetTokensFromRefreshToken",
  "RevokeToken",
  "UpdateAuthEventFeedback",
  // authorized by the caller's access token or challenge session
  "GetUser",
  "UpdateUserAttributes",
  "DeleteUser",
  "DeleteUserAttributes",
  "ChangePassword",
  "GetUserAttributeVerificationCode",
  "VerifyUserAttribute",
  "SetUserMFAPreference",
  "SetUserSettings",
  "AssociateSoftwareToken",
  "VerifySoftwareToken",
  "GlobalSignOut",
  "GetUserAuthFactors",
]);

/** True when AWS requires IAM credentials (a SigV4 signature) for the operation. */
export function requiresIamCredentials(operation: string): boolean {
  return !PUBLIC_OPERATIONS.has(operation);
}
