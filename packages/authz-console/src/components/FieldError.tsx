import { useCallback, useState } from "react";
import { messageOf } from "../state/rebac-schema.ts";

/** A message next to the field it concerns, announced with it (`aria-describedby` its id). */
export function FieldError({
  id,
  message,
  testId,
}: {
  id: string;
  message?: string | undefined;
  testId: string;
}) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

export type FieldErrors<F extends string> = Partial<Record<F | "form", string>>;

/**
 * Runs a form's write; a refusal is shown next to the field it names (the service's message names the
 * field: "relation", "permission", "key" …), else under the form. Resolves true when it worked.
 */
export function useFieldErrors<F extends string>(fieldOf: (message: string) => F | "form") {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (send: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setErrors({});
      try {
        await send();
        return true;
      } catch (err) {
        const message = messageOf(err);
        setErrors({ [fieldOf(message)]: message } as FieldErrors<F>);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fieldOf],
  );
  return { errors, setErrors, busy, run };
}
