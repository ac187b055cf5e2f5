import type { User, UserManager } from "oidc-client-ts";
import { useEffect, useMemo, useRef, useState } from "react";
import { App } from "./App.tsx";
import { type Session, SessionContext } from "./auth/session-context.ts";
import { type SessionStart, startSession } from "./auth/start-session.ts";
import { createUserManager, currentPath, hostedLogoutUrl, signOutEverywhere } from "./auth/user-manager.ts";
import { StatusScreen } from "./components/StatusScreen.tsx";
import { type AppConfig, loadConfig } from "./config.ts";

type Phase = { kind: "starting" } | SessionStart;

interface Booted {
  config: AppConfig;
  userManager: UserManager;
  start: SessionStart;
}

let booting: Promise<Booted> | undefined;

/** Runs once per page load, however often React mounts the root: a sign-in code can be redeemed only once. */
function bootOnce(): Promise<Booted> {
  booting ??= (async () => {
    const config = await loadConfig();
    const userManager = createUserManager(config);
    return { config, userManager, start: await startSession(userManager) };
  })();
  return booting;
}

/** Signs the user in (or explains why not), then renders the app with the session. */
export function Root() {
  const [phase, setPhase] = useState<Phase>({ kind: "starting" });
  const [booted, setBooted] = useState<Booted>();
  const renewing = useRef<Promise<string | undefined> | undefined>(undefined);

  useEffect(() => {
    let mounted = true;
    bootOnce().then(
      (result) => {
        if (!mounted) return;
        setBooted(result);
        setPhase(result.start);
      },
      (err: unknown) => {
        if (mounted)
          setPhase({ kind: "failed", message: `The app could not start: ${(err as Error).message ?? err}.` });
      },
    );
    return () => {
      mounted = false;
    };
  }, []);

  // Renewed tokens (automatic or on demand) replace the session's user, which restarts the live stream.
  useEffect(() => {
    if (!booted) return;
    const loaded = (user: User) => setPhase((p) => (p.kind === "signed-in" ? { ...p, user } : p));
    booted.userManager.events.addUserLoaded(loaded);
    return () => booted.userManager.events.removeUserLoaded(loaded);
  }, [booted]);

  // The session's functions never change identity, so an access-token renewal re-renders the
  // app without rebuilding its API client or re-fetching everything.
  const actions = useMemo(() => {
    if (!booted) return undefined;
    const { userManager, config } = booted;
    const renew = () => {
      renewing.current ??= (async () => {
        try {
          const current = await userManager.getUser();
          if (!current?.refresh_token) return undefined;
          return (await userManager.signinSilent())?.access_token;
        } catch {
          return undefined;
        } finally {
          renewing.current = undefined;
        }
      })();
      return renewing.current;
    };
    return {
      config,
      renew,
      async reauthenticate() {
        const token = await renew();
        if (token) return token;
        setPhase({ kind: "redirecting" });
        await userManager.signinRedirect({ state: { returnTo: currentPath() } });
        return undefined;
      },
      signOut: () => signOutEverywhere(userManager, config),
      accountRemoved() {
        void userManager.removeUser();
        setPhase({ kind: "removed" });
      },
    };
  }, [booted]);

  const user = phase.kind === "signed-in" ? phase.user : undefined;
  const session = useMemo<Session | undefined>(() => {
    if (!actions || !user) return undefined;
    const profile = user.profile;
    return {
      ...actions,
      accessToken: user.access_token,
      sub: profile.sub,
      email: profile.email ?? (profile["cognito:username"] as string | undefined) ?? "",
      name: profile.name,
    };
  }, [actions, user]);

  switch (phase.kind) {
    case "starting":
      return <StatusScreen title="Signing you in…" busy testId="screen-starting" />;
    case "redirecting":
      return (
        <StatusScreen title="Taking you to sign in…" busy testId="screen-redirecting">
          <p>You'll come back here once you've signed in.</p>
        </StatusScreen>
      );
    case "removed":
      return (
        <StatusScreen title="Your account has been removed" testId="screen-removed">
          <p role="alert">
            An administrator deleted this account, so you have been signed out of Tollgate Tasks. If you think
            this is a mistake, ask an admin to invite you again.
          </p>
          {booted && (
            <a
              className="button button-primary"
              href={hostedLogoutUrl(booted.config)}
              data-testid="removed-sign-out"
            >
              Finish signing out
            </a>
          )}
        </StatusScreen>
      );
    case "failed":
      return (
        <StatusScreen title="Sign-in didn't work" testId="screen-failed">
          <p role="alert">{phase.message}</p>
          <a className="button button-primary" href="/" data-testid="retry-sign-in">
            Try again
          </a>
        </StatusScreen>
      );
    case "signed-in":
      return session ? (
        <SessionContext.Provider value={session}>
          <App startupWarning={phase.warning} />
        </SessionContext.Provider>
      ) : (
        <StatusScreen title="Signing you in…" busy testId="screen-starting" />
      );
  }
}
