/**
 * A long-running command's flags are its service's variables under another name: each flag is
 * written into the environment the service's own `load…Config(env)` parses, so a flag and its
 * variable are validated by the same code and mean the same thing (the flag wins). The tables are
 * exported so a test can hold every flag to its variable.
 */
export type FlagVariables = Readonly<Record<string, string>>;

/** `env` with each given flag (commander's camelCase attribute name) written to its variable. */
export function envWithFlags(
  env: NodeJS.ProcessEnv,
  flags: FlagVariables,
  given: Readonly<Record<string, unknown>>,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const [attribute, variable] of Object.entries(flags)) {
    const value = given[attribute];
    if (typeof value === "string") out[variable] = value;
  }
  return out;
}
