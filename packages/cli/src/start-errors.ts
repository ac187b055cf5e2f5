/**
 * Turns a failure to start a server into one line that names the fix, and exits. A port already in
 * use is by far the most common: usually a Tollgate that is still running.
 */
export function exitOnStartError(command: string, err: unknown, portVariables: string): never {
  const e = err as { code?: string; port?: number; address?: string; message?: string };
  if (e.code === "EADDRINUSE") {
    console.error(
      `tollgate ${command}: port ${e.port} on ${e.address} is already in use — is Tollgate (or something else) already running there? Stop it, or choose other ports with ${portVariables}.`,
    );
  } else if (e.code === "EACCES") {
    console.error(
      `tollgate ${command}: not allowed to listen on port ${e.port}; choose a port above 1024 with ${portVariables}.`,
    );
  } else {
    console.error(`tollgate ${command}: could not start: ${e.message ?? String(err)}`);
  }
  process.exit(1);
}
