import { createContext, useContext } from "react";
import type { ApiClient } from "../api/client.ts";

export interface ConsoleSession {
  api: ApiClient;
  signOut(message?: string): void;
}

export const ConsoleContext = createContext<ConsoleSession | null>(null);

export function useConsole(): ConsoleSession {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error("useConsole outside a signed-in console");
  return value;
}
