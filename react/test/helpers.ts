export { control, eventually, openFor, serverLog, uniqueTag, wsUrl } from "../../js/test/helpers.js";
import { control } from "../../js/test/helpers.js";

/** Connections the server ever accepted from this client tag, open or not. */
export async function acceptedFor(client: string): Promise<number> {
  const s = (await control("stats")) as { accepted_by_client: Record<string, number> };
  return s.accepted_by_client[client] ?? 0;
}
