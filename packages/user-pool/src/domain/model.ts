/**
 * Records the domain works with. Pool and client settings keep AWS's PascalCase member names: they are
 * what Create and Update operations accept and Describe operations return, so one shape serves storage and wire.
 */

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export interface PreTokenGenerationConfig {
  LambdaVersion: "V1_0" | "V2_0" | "V3_0";
  LambdaArn: string;
}

/**
 * Trigger targets. In Tollgate a target is an `http(s)://` webhook URL or a local ES module path
 * (`file://…`, absolute or `./relative`), given where AWS expects a Lambda ARN.
 */
export interface LambdaConfig {
  PreSignUp?: string;
  PostConfirmation?: string;
  PostAuthentication?: string;
  PreTokenGeneration?: string;
  PreTokenGenerationConfig?: PreTokenGenerationConfig;
  [other: string]: unknown;
}

export interface SchemaAttribute {
  Name: string;
  AttributeDataType: "String" | "Number" | "DateTime" | "Boolean";
  DeveloperOnlyAttribute?: boolean;
  Mutable?: boolean;
  Required?: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

export interface PoolSettings {
  Policies: { PasswordPolicy: PasswordPolicy; [other: string]: unknown };
  LambdaConfig: LambdaConfig;
  SchemaAttributes: SchemaAttribute[];
  AutoVerifiedAttributes?: string[];
  AliasAttributes?: string[];
  UsernameAttributes?: string[];
  UsernameConfiguration: { CaseSensitive: boolean };
  MfaConfiguration: string;
  /** TOTP for the pool (SetUserPoolMfaConfig); absent = not enabled. */
  SoftwareTokenMfaConfiguration?: { Enabled: boolean };
  AdminCreateUserConfig: {
    AllowAdminCreateUserOnly: boolean;
    UnusedAccountValidityDays?: number;
    [other: string]: unknown;
  };
  UserPoolTags?: Record<string, string>;
  /** Settings we store and echo back but do not act on (EmailConfiguration, VerificationMessageTemplate…). */
  [other: string]: unknown;
}

export interface PoolRecord {
  id: string;
  name: string;
  settings: PoolSettings;
  createdAt: number;
  updatedAt: number;
}

export type TimeUnit = "seconds" | "minutes" | "hours" | "days";

export interface ClientSettings {
  RefreshTokenValidity: number;
  AccessTokenValidity: number;
  IdTokenValidity: number;
  TokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit };
  ReadAttributes?: string[];
  WriteAttributes?: string[];
  ExplicitAuthFlows: string[];
  SupportedIdentityProviders?: string[];
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  DefaultRedirectURI?: string;
  AllowedOAuthFlows?: string[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  PreventUserExistenceErrors: "LEGACY" | "ENABLED";
  EnableTokenRevocation: boolean;
  EnablePropagateAdditionalUserContextData?: boolean;
  AuthSessionValidity: number;
  /** Refresh-token rotation for GetTokensFromRefreshToken (absent = DISABLED). */
  RefreshTokenRotation?: { Feature: "ENABLED" | "DISABLED"; RetryGracePeriodSeconds: number };
  [other: string]: unknown;
}

export interface ClientRecord {
  id: string;
  poolId: string;
  name: string;
  secret: string | null;
  settings: ClientSettings;
  createdAt: number;
  updatedAt: number;
}

export type UserStatus = "UNCONFIRMED" | "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED";

/** A user's TOTP state: a secret being set up, the verified one, and whether it is on and preferred. */
export interface UserMfa {
  pendingSecret?: string | undefined;
  secret?: string | undefined;
  enabled: boolean;
  preferred: boolean;
}

export interface UserRecord {
  poolId: string;
  sub: string;
  username: string;
  /** Attribute values as Cognito stores them: strings, without `sub` (kept in its own field). */
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  passwordHash: string | null;
  /** SRP salt and verifier (hex) for USER_SRP_AUTH; null for users whose password predates them. */
  srpSalt: string | null;
  srpVerifier: string | null;
  /** The user's software token (TOTP), if any. */
  mfa: UserMfa | null;
  temporaryPasswordExpiresAt: number | null;
  confirmationCodeHash: string | null;
  confirmationCodeExpiresAt: number | null;
  confirmationFailures: number;
  createdAt: number;
  updatedAt: number;
}

export interface GroupRecord {
  poolId: string;
  name: string;
  description: string | null;
  precedence: number | null;
  roleArn: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ResourceServerRecord {
  poolId: string;
  identifier: string;
  name: string;
  scopes: { ScopeName: string; ScopeDescription: string }[];
}
