import type { Task } from "@tollgate/contracts";
import { useNotices } from "@tollgate/web-ui";
import { useCallback, useEffect, useRef, useState } from "react";
import { useApi } from "../api/api-context.ts";
import { ApiError } from "../api/client.ts";
import { describeError } from "../api/errors.ts";
import { useSession } from "../auth/session-context.ts";
import { useLiveTopic } from "../live/live-events.ts";

/** A task as shown: `pending` while an optimistic add waits for the server to give it an id. */
export interface TaskItem extends Task {
  pending?: boolean;
}

export interface TaskList {
  status: "loading" | "ready" | "error";
  tasks: TaskItem[];
  loadError: string | undefined;
  refresh(): void;
  create(title: string): Promise<boolean>;
  setDone(task: Task, done: boolean): void;
  rename(task: Task, title: string): void;
  remove(task: Task): void;
}

const replace = (list: TaskItem[], id: string, next: (t: TaskItem) => TaskItem) =>
  list.map((t) => (t.id === id ? next(t) : t));

/**
 * The shared task list. Every change shows at once and is rolled back if the server refuses it;
 * the server's `tasks` event (also sent for our own changes) then re-reads the list.
 */
export function useTasks(enabled: boolean): TaskList {
  const api = useApi();
  const notices = useNotices();
  const session = useSession();
  const [tasks, setTasks] = useState<TaskItem[]>([]);
  const [status, setStatus] = useState<TaskList["status"]>("loading");
  const [loadError, setLoadError] = useState<string | undefined>();
  const latest = useRef(0);
  const tempIds = useRef(0);

  const refresh = useCallback(() => {
    const seq = ++latest.current;
    api.get<{ tasks: Task[] }>("/api/tasks").then(
      (body) => {
        if (seq !== latest.current) return;
        // Adds still on their way to the server stay on top until they land.
        setTasks((prev) => [...prev.filter((t) => t.pending), ...body.tasks]);
        setStatus("ready");
        setLoadError(undefined);
      },
      (err: unknown) => {
        if (seq !== latest.current) return;
        // Nothing this user may see (no role gives task:get, nothing shared with them): an empty list.
        if (err instanceof ApiError && err.status === 403) {
          setTasks((prev) => prev.filter((t) => t.pending));
          setStatus("ready");
          setLoadError(undefined);
          return;
        }
        setLoadError(describeError(err, "view tasks"));
        // Keep the last list on screen if there is one; the error says it may be stale.
        setStatus((s) => (s === "ready" ? "ready" : "error"));
      },
    );
  }, [api]);

  useEffect(() => {
    if (enabled) {
      setStatus("loading");
      refresh();
    } else {
      latest.current++;
      setTasks([]);
    }
  }, [enabled, refresh]);

  useLiveTopic("tasks", () => {
    if (enabled) refresh();
  });

  const fail = useCallback(
    (err: unknown, action: string) => {
      notices.error(describeError(err, action));
      if (err instanceof ApiError && err.code === "task_not_found") refresh();
    },
    [notices, refresh],
  );

  const create = useCallback(
    async (title: string) => {
      const now = new Date().toISOString();
      const temp: TaskItem = {
        id: `pending-${++tempIds.current}`,
        title,
        done: false,
        created_by: session.sub,
        created_by_name: session.email,
        created_at: now,
        updated_at: now,
        pending: true,
      };
      setTasks((prev) => [temp, ...prev]);
      try {
        const task = await api.post<Task>("/api/tasks", { title });
        setTasks((prev) => {
          const rest = prev.filter((t) => t.id !== temp.id);
          return rest.some((t) => t.id === task.id) ? rest : [task, ...rest];
        });
        notices.notify("Task added.");
        return true;
      } catch (err) {
        setTasks((prev) => prev.filter((t) => t.id !== temp.id));
        fail(err, "add tasks");
        return false;
      }
    },
    [api, notices, fail, session.sub, session.email],
  );

  const setDone = useCallback(
    (task: Task, done: boolean) => {
      setTasks((prev) => replace(prev, task.id, (t) => ({ ...t, done })));
      api.post<Task>(`/api/tasks/${task.id}/check`, { done }).then(
        (saved) => setTasks((prev) => replace(prev, task.id, () => saved)),
        (err: unknown) => {
          setTasks((prev) => replace(prev, task.id, (t) => ({ ...t, done: task.done })));
          fail(err, done ? "check off tasks" : "uncheck tasks");
        },
      );
    },
    [api, fail],
  );

  const rename = useCallback(
    (task: Task, title: string) => {
      setTasks((prev) => replace(prev, task.id, (t) => ({ ...t, title })));
      api.patch<Task>(`/api/tasks/${task.id}`, { title }).then(
        (saved) => {
          setTasks((prev) => replace(prev, task.id, () => saved));
          notices.notify("Task renamed.");
        },
        (err: unknown) => {
          setTasks((prev) => replace(prev, task.id, (t) => ({ ...t, title: task.title })));
          fail(err, "rename tasks");
        },
      );
    },
    [api, notices, fail],
  );

  const remove = useCallback(
    (task: Task) => {
      let index = -1;
      setTasks((prev) => {
        index = prev.findIndex((t) => t.id === task.id);
        return prev.filter((t) => t.id !== task.id);
      });
      api.delete(`/api/tasks/${task.id}`).then(
        () => notices.notify("Task deleted."),
        (err: unknown) => {
          // Already gone is what the user wanted.
          if (err instanceof ApiError && err.code === "task_not_found") {
            notices.notify("That task was already deleted.", "info");
            return;
          }
          setTasks((prev) => {
            if (prev.some((t) => t.id === task.id)) return prev;
            const at = index < 0 ? 0 : Math.min(index, prev.length);
            return [...prev.slice(0, at), task, ...prev.slice(at)];
          });
          fail(err, "delete tasks");
        },
      );
    },
    [api, notices, fail],
  );

  return { status, tasks, loadError, refresh, create, setDone, rename, remove };
}
