import { type FormEvent, useEffect, useId, useRef, useState } from "react";

interface SignInProps {
  message: string | undefined;
  busy: boolean;
  onSubmit(key: string): void;
}

/** Sign-in with the environment's API key — the same key the SDK uses. */
export function SignIn({ message, busy, onSubmit }: SignInProps) {
  const [key, setKey] = useState("");
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = "Sign in · Tollgate console";
    input.current?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) onSubmit(key.trim());
  };
  return (
    <main className="signin" id="main">
      <form className="signin-card" onSubmit={submit} data-testid="signin-form">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          Tollgate console
        </p>
        <h1>Sign in</h1>
        <label htmlFor={inputId}>API key</label>
        <input
          ref={input}
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-describedby={hintId}
          aria-invalid={message ? true : undefined}
          required
          data-testid="signin-key"
        />
        <p id={hintId} className="hint">
          The environment's API key, as the SDK uses it. It is kept in this tab only.{" "}
          <code>tollgate dev</code> prints a link that signs you in directly.
        </p>
        <div role="alert" className="form-error" data-testid="signin-error">
          {message}
        </div>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="signin-submit">
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
