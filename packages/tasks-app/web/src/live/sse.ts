export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * An incremental Server-Sent Events parser: feed it decoded text as it arrives, in chunks of any
 * size, and it calls back once per complete event. Comments (the server's `: ping`) and the
 * `id`/`retry` fields are ignored: the app re-reads state after a reconnect instead of resuming.
 */
export function createSseParser(onEvent: (event: ServerEvent) => void): (chunk: string) => void {
  let buffer = "";
  let event = "";
  let data: string[] = [];

  const line = (text: string) => {
    if (text === "") {
      if (data.length > 0 || event) onEvent({ event: event || "message", data: data.join("\n") });
      event = "";
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  };

  return (chunk) => {
    buffer += chunk;
    let end = buffer.indexOf("\n");
    while (end !== -1) {
      line(buffer.slice(0, end).replace(/\r$/, ""));
      buffer = buffer.slice(end + 1);
      end = buffer.indexOf("\n");
    }
  };
}
