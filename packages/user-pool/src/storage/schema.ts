import type { Generated } from "kysely";

/**
 * Table shapes for Kysely. Times are epoch milliseconds; JSON columns hold AWS-shaped settings so that
 * Describe operations return what Create and Update operations stored without a second model to keep in sync.
 */
export interface Database {
  pools: PoolsTable;
  clients: ClientsTable;
  users: UsersTable;
  groups: GroupsTable;
  memberships: MembershipsTable;
  resource_servers: ResourceServersTable;
  signing_keys: SigningKeysTable;
  refresh_sessions: RefreshSessionsTable;
  auth_codes: AuthCodesTable;
  challenge_sessions: ChallengeSessionsTable;
  login_sessions: LoginSessionsTable;
  account_events: AccountEventsTable;
  user_codes: UserCodesTable;
}

export interface PoolsTable {
  id: string;
  name: string;
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface ClientsTable {
  id: string;
  pool_id: string;
  name: string;
  secret: string | null;
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  pool_id: string;
  sub: string;
  username: string;
  /** Lower-cased for pools whose usernames are case-insensitive, so lookups and uniqueness agree. */
  username_key: string;
  attributes: string;
  status: string;
  enabled: number;
  password_hash: string | null;
  srp_salt: string | null;
  srp_verifier: string | null;
  mfa: string | null;
  /** When a temporary password stops working (FORCE_CHANGE_PASSWORD users). */
  temporary_password_expires_at: number | null;
  confirmation_code_hash: string | null;
  confirmation_code_expires_at: number | null;
  confirmation_failures: number;
  created_at: number;
  updated_at: number;
}

export interface GroupsTable {
  pool_id: string;
  name: string;
  description: string | null;
  precedence: number | null;
  role_arn: string | null;
  created_at: number;
  updated_at: number;
}

export interface MembershipsTable {
  pool_id: string;
  group_name: string;
  user_sub: string;
  created_at: number;
}

export interface ResourceServersTable {
  pool_id: string;
  identifier: string;
  name: string;
  scopes: string;
  created_at: number;
}

export interface SigningKeysTable {
  /** "id" or "access": Cognito signs the two token types with different keys. */
  purpose: string;
  kid: string;
  private_jwk: string;
  created_at: number;
}

/** One row per sign-in; `origin_jti` ties every access token of the chain back to it for revocation. */
export interface RefreshSessionsTable {
  origin_jti: string;
  token_hash: string;
  pool_id: string;
  client_id: string;
  user_sub: string;
  scopes: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  previous_token_hash?: string | null;
  previous_valid_until?: number | null;
}

export interface AuthCodesTable {
  code_hash: string;
  pool_id: string;
  client_id: string;
  user_sub: string;
  redirect_uri: string;
  scopes: string;
  code_challenge: string | null;
  nonce: string | null;
  auth_time: number;
  expires_at: number;
  used_at: number | null;
  /** Set on redemption so a replayed code can revoke what the first redemption issued. */
  origin_jti: string | null;
}

export interface ChallengeSessionsTable {
  id_hash: string;
  pool_id: string;
  client_id: string;
  user_sub: string;
  challenge: string;
  expires_at: number;
  used_at: number | null;
  data: string | null;
}

export interface LoginSessionsTable {
  id_hash: string;
  pool_id: string;
  user_sub: string;
  auth_time: number;
  expires_at: number;
}

/** What happened to an account, kept (7 days) so the events stream can resume after a restart. */
export interface AccountEventsTable {
  id: Generated<number>;
  pool_id: string;
  type: string;
  username: string;
  sub: string;
  at: number;
}

/** A pending one-time code: `purpose` is `reset_password` or `verify:<attribute>`. */
export interface UserCodesTable {
  pool_id: string;
  user_sub: string;
  purpose: string;
  code_hash: string;
  expires_at: number;
  failures: number;
}
