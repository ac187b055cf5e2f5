import { AccountEventsStore } from "./account-events-store.ts";
import { AuthCodesStore } from "./auth-codes-store.ts";
import { ChallengeSessionsStore } from "./challenge-sessions-store.ts";
import { ClientsStore } from "./clients-store.ts";
import type { Db } from "./database.ts";
import { GroupsStore } from "./groups-store.ts";
import { LoginSessionsStore } from "./login-sessions-store.ts";
import { PoolsStore } from "./pools-store.ts";
import { RefreshSessionsStore } from "./refresh-sessions-store.ts";
import { ResourceServersStore } from "./resource-servers-store.ts";
import { SigningKeysStore } from "./signing-keys-store.ts";
import { UserCodesStore } from "./user-codes-store.ts";
import { UsersStore } from "./users-store.ts";

/** Every store over one database connection. */
export interface Stores {
  db: Db;
  pools: PoolsStore;
  clients: ClientsStore;
  users: UsersStore;
  groups: GroupsStore;
  resourceServers: ResourceServersStore;
  signingKeys: SigningKeysStore;
  refreshSessions: RefreshSessionsStore;
  authCodes: AuthCodesStore;
  challengeSessions: ChallengeSessionsStore;
  loginSessions: LoginSessionsStore;
  accountEvents: AccountEventsStore;
  userCodes: UserCodesStore;
}

export function createStores(db: Db): Stores {
  return {
    db,
    pools: new PoolsStore(db),
    clients: new ClientsStore(db),
    users: new UsersStore(db),
    groups: new GroupsStore(db),
    resourceServers: new ResourceServersStore(db),
    signingKeys: new SigningKeysStore(db),
    refreshSessions: new RefreshSessionsStore(db),
    authCodes: new AuthCodesStore(db),
    challengeSessions: new ChallengeSessionsStore(db),
    loginSessions: new LoginSessionsStore(db),
    accountEvents: new AccountEventsStore(db),
    userCodes: new UserCodesStore(db),
  };
}
