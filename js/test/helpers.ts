import { inject } from "vitest";
import type { ConnectionEvents, ConnectionManager } from "../dist/index.js";

// Helpers for tests against the real test server.

export const serverUrl = (): string => inject("serverUrl");

let seq = 0;
/** A tag unique to this test run, so the server's log and counts are the test's own. */
export function uniqueTag(name: string): string {
  return `${name}-${process.pid}-${++seq}-${Date.now()}`;
}

export function wsUrl(path: string, query: Record<string, string | number> = {}): string {
  const u = new URL(path, serverUrl().replace(/^http/, "ws"));
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
  return u.href;
}

export async function control(action: string, query: Record<string, string | number> = {}): Promise<unknown> {
  const u = new URL(`/control/${action}`, serverUrl());
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
  const resp = await fetch(u, { method: "POST" });
  if (!resp.ok) throw new Error(`control ${action}: ${resp.status} ${await resp.text()}`);
  return resp.json();
}

interface Stats {
  open: number;
  connections: Array<{ id: number; client: string }>;
}

export async function openFor(client: string): Promise<number> {
  const s = (await control("stats")) as Stats;
  return s.connections.filter((c) => c.client === client).length;
}

export async function serverLog(client: string): Promise<string[]> {
  const l = (await control("log", { client })) as { messages: Array<{ data: string }> };
  return l.messages.map((m) => m.data);
}

/** Polls cond until it holds. For waiting on the server, another process. */
export async function eventually(what: string, cond: () => boolean | Promise<boolean>, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves with the next event of that name that matches. */
export function next<In, K extends keyof ConnectionEvents<In>>(
  conn: ConnectionManager<In, unknown>,
  event: K,
  match: (...args: ConnectionEvents<In>[K]) => boolean = () => true,
  timeout = 10_000,
): Promise<ConnectionEvents<In>[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for "${String(event)}"`));
    }, timeout);
    const off = conn.on(event, (...args: ConnectionEvents<In>[K]) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}
