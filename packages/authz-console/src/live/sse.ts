export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * An incremental Server-Sent Events parser: feed it text as it arrives, in chunks of any size, and
 * it calls back once per complete event. Comment lines (the service's `: ping`) are skipped.
 */
export function sseParser(onEvent: (event: SseEvent) => void): (chunk: string) => void {
  let pending = "";
  let name = "";
  let id: string | undefined;
  let data: string[] = [];

  const field = (line: string) => {
    if (line === "") {
      if (data.length > 0 || name !== "") onEvent({ event: name || "message", data: data.join("\n"), id });
      name = "";
      data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const key = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (key === "event") name = value;
    else if (key === "data") data.push(value);
    else if (key === "id") id = value;
  };

  return (chunk) => {
    pending += chunk;
    for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n")) {
      field(pending.slice(0, nl).replace(/\r$/, ""));
      pending = pending.slice(nl + 1);
    }
  };
}
