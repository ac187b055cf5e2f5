import { useNotices } from "@tollgate/web-ui";
import { useEffect, useRef, useState } from "react";
import { CopyIcon } from "../components/icons.tsx";

/**
 * The new user's temporary password, shown once: the server keeps no copy the app can read back.
 * Focus moves here so nobody navigates past it without noticing.
 */
export function TemporaryPassword({
  email,
  password,
  onDone,
}: {
  email: string;
  password: string;
  onDone(): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const secret = useRef<HTMLElement>(null);
  const notices = useNotices();
  const [copied, setCopied] = useState(false);

  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
      notices.notify("Temporary password copied to the clipboard.", "info");
    } catch {
      // No clipboard access (an old browser or a denied permission): select it for a manual copy.
      const range = document.createRange();
      if (secret.current) range.selectNodeContents(secret.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      notices.notify(
        "Couldn't copy automatically — the password is selected; press Ctrl+C (⌘C) to copy it.",
        "info",
      );
    }
  };

  return (
    <section
      className="card temp-password"
      aria-labelledby="temp-password-heading"
      data-testid="temporary-password-panel"
    >
      <h2 id="temp-password-heading" ref={heading} tabIndex={-1}>
        {email} can now sign in
      </h2>
      <p>
        Send them this temporary password through a channel you trust. They must change it the first time they
        sign in. <strong>It is shown only once.</strong>
      </p>
      <div className="secret-row">
        <code ref={secret} className="secret" data-testid="temporary-password">
          {password}
        </code>
        <button type="button" className="button" onClick={copy} data-testid="temporary-password-copy">
          <CopyIcon />
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <button
        type="button"
        className="button button-quiet"
        onClick={onDone}
        data-testid="temporary-password-dismiss"
      >
        I've shared it — hide the password
      </button>
    </section>
  );
}
