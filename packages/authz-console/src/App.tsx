import { NoticesProvider } from "@tollgate/web-ui";
import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiClient, ApiError } from "./api/client.ts";
import { describeError } from "./api/errors.ts";
import { forgetKey, storedKey, storeKey, takeKeyFromLocation } from "./auth/key-storage.ts";
import { SignIn } from "./auth/SignIn.tsx";
import { Shell } from "./Shell.tsx";
import { ConsoleContext, type ConsoleSession } from "./state/console-context.ts";
import { PolicyProvider } from "./state/policy-store.tsx";

type State =
  | { kind: "checking" }
  | { kind: "signed-out"; message?: string | undefined }
  | { kind: "signed-in"; api: ApiClient };

/** Signs in with an API key (typed, kept from earlier in this tab, or from a `#key=` link). */
export function App() {
  const [state, setState] = useState<State>({ kind: "checking" });
  const [busy, setBusy] = useState(false);

  const signOut = useCallback((message?: string) => {
    forgetKey();
    setState({ kind: "signed-out", message });
  }, []);

  const signIn = useCallback(
    async (key: string) => {
      setBusy(true);
      const api = new ApiClient({
        key,
        onRefused: () => signOut("The service refused the API key. Sign in again with a valid key."),
      });
      try {
        await api.loadScope();
        storeKey(key);
        setState({ kind: "signed-in", api });
      } catch (err) {
        forgetKey();
        const refused = err instanceof ApiError && (err.status === 401 || err.status === 403);
        setState({
          kind: "signed-out",
          message: refused ? "That API key was refused." : describeError(err, "sign in"),
        });
      } finally {
        setBusy(false);
      }
    },
    [signOut],
  );

  useEffect(() => {
    const key = takeKeyFromLocation() ?? storedKey();
    if (key) void signIn(key);
    else setState({ kind: "signed-out" });
  }, [signIn]);

  const session = useMemo<ConsoleSession | undefined>(
    () => (state.kind === "signed-in" ? { api: state.api, signOut } : undefined),
    [state, signOut],
  );

  return (
    <NoticesProvider>
      {state.kind === "checking" && (
        <main className="signin" id="main">
          <p className="muted">Signing in…</p>
        </main>
      )}
      {state.kind === "signed-out" && <SignIn message={state.message} busy={busy} onSubmit={signIn} />}
      {session && (
        <ConsoleContext.Provider value={session}>
          <PolicyProvider api={session.api}>
            <Shell />
          </PolicyProvider>
        </ConsoleContext.Provider>
      )}
    </NoticesProvider>
  );
}
