import { createContext, useContext } from "react";
import type { AppConfig } from "../config.ts";

/** The signed-in session as the app sees it; the tokens themselves stay inside oidc-client-ts. */
export interface Session {
  config: AppConfig;
  /** The current access token; a new string after each renewal, which restarts the live stream. */
  accessToken: string;
  sub: string;
  email: string;
  name: string | undefined;
  /** Gets a fresh access token with the refresh token; undefined when that is no longer possible. */
  renew(): Promise<string | undefined>;
  /** Renews, or failing that sends the user to the hosted sign-in page; resolves to the new token. */
  reauthenticate(): Promise<string | undefined>;
  signOut(): Promise<void>;
  /** The account was deleted while the app was open: forget it and explain. */
  accountRemoved(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in session");
  return session;
}
