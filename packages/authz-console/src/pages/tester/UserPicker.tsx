import { type KeyboardEvent, useId, useState } from "react";
import type { ApiClient } from "../../api/client.ts";
import type { Paginated, User } from "../../api/types.ts";
import { personName } from "../../components/UserLabel.tsx";
import { useConsole } from "../../state/console-context.ts";
import { useDebounced, useLoader } from "../../state/use-loader.ts";
import { rememberUsers } from "../../state/user-directory.ts";

const SHOWN = 8;

function search(api: ApiClient, text: string, signal?: AbortSignal): Promise<User[]> {
  return api
    .get<Paginated<User>>(api.facts("/users"), { search: text, per_page: SHOWN }, signal)
    .then((p) => {
      rememberUsers(api, p.data);
      return p.data;
    });
}

/**
 * The user a typed text means: the user whose key or e-mail it is (e-mail without regard to case),
 * else the text itself as a key — which the decision point then reports as "not synced".
 */
export async function resolveUser(api: ApiClient, text: string, picked: User | undefined): Promise<string> {
  const typed = text.trim();
  if (picked && (typed === picked.key || typed === picked.email)) return picked.key;
  if (!typed) return typed;
  const found = await search(api, typed).catch(() => [] as User[]);
  const exact =
    found.find((u) => u.key === typed) ?? found.find((u) => u.email?.toLowerCase() === typed.toLowerCase());
  return exact?.key ?? typed;
}

interface UserPickerProps {
  id: string;
  text: string;
  picked: User | undefined;
  onText(text: string): void;
  onPick(user: User): void;
}

/**
 * A combobox over the synced users: type part of a name, e-mail or key; pick with the mouse or the
 * arrow keys and Enter. The input then shows the e-mail, and the key is what gets checked.
 */
export function UserPicker({ id, text, picked, onText, onPick }: UserPickerProps) {
  const { api } = useConsole();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useDebounced(text.trim(), 150);
  const found = useLoader(
    (signal) => (typed.length === 0 ? Promise.resolve([] as User[]) : search(api, typed, signal)),
    [api, typed],
  );
  const options = picked && text === (picked.email ?? picked.key) ? [] : (found.data ?? []);
  const expanded = open && options.length > 0;

  const choose = (user: User) => {
    onPick(user);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (options.length === 0 ? -1 : (i + step + options.length) % options.length));
    } else if (event.key === "Enter" && expanded && active >= 0 && options[active]) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === "Escape") {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="picker">
      <input
        id={id}
        value={text}
        onChange={(e) => {
          onText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder="Name, e-mail or key"
        required
        spellCheck={false}
        autoComplete="off"
        data-testid="tester-user"
      />
      <div id={listId} role="listbox" aria-label="Matching users" className="picker-list" hidden={!expanded}>
        {options.map((u, i) => (
          <div
            key={u.key}
            tabIndex={-1}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? "is-active" : undefined}
            // mousedown, not click: picking must happen before the input's blur closes the list
            onMouseDown={(e) => {
              e.preventDefault();
              choose(u);
            }}
            data-testid="tester-user-option"
            data-key={u.key}
          >
            <span className="picker-name" dir="auto">
              {personName(u) ?? u.key}
            </span>
            <span className="picker-detail">
              {u.email && personName(u) !== u.email ? `${u.email} · ` : ""}
              <code>{u.key}</code>
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
