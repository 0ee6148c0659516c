import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";

// The demo page in a real headless Chromium (Debian's), against the real
// test server: what a person sees and what the server received.

const serverUrl = inject("serverUrl");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
// The flags that work as root in a network-less sandbox (see ../shared/FACTS.md).
const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), "wasmsocket-e2e-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args, viewport: { width: 1200, height: 800 } });
});

afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

let seq = 0;
const tag = (name: string) => `e2e-${name}-${process.pid}-${++seq}`;

async function control(action: string, query: Record<string, string | number> = {}): Promise<any> {
  const u = new URL(`/control/${action}`, serverUrl);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
  const resp = await fetch(u, { method: "POST" });
  if (!resp.ok) throw new Error(`${action}: ${resp.status} ${await resp.text()}`);
  return resp.json();
}

const openFor = async (client: string) => ((await control("stats")).connections as Array<{ client: string }>).filter((c) => c.client === client).length;
const acceptedFor = async (client: string) => ((await control("stats")).accepted_by_client as Record<string, number>)[client] ?? 0;
const chatLog = async (client: string) =>
  ((await control("log", { client })).messages as Array<{ data: string }>)
    .map((m) => JSON.parse(m.data) as { type: string; text?: string })
    .filter((m) => m.type === "chat")
    .map((m) => m.text);

async function eventually(what: string, cond: () => Promise<boolean>, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function open(client: string, extra = ""): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e));
  await page.goto(`${serverUrl}/?client=${client}${extra}`);
  await page.getByRole("status").getByText("Connected", { exact: true }).waitFor();
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel("Message", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

describe("the demo in Chromium", () => {
  test("connects, and a message goes round the server and back", async () => {
    const client = tag("echo");
    const page = await open(client);
    await say(page, "hello from Chromium");
    await page.getByRole("list", { name: "Messages" }).getByText("hello from Chromium").waitFor();
    expect(await chatLog(client)).toEqual(["hello from Chromium"]);
    await page.close();
  });

  test("StrictMode opens exactly one server connection", async () => {
    const client = tag("strict");
    const page = await open(client);
    await page.waitForTimeout(300); // room for a stray second socket to show up
    expect(await acceptedFor(client)).toBe(1);
    expect(await openFor(client)).toBe(1);
    await page.close();
  });

  test("kill: the status shows reconnecting with a countdown, then connected again", async () => {
    const client = tag("kill");
    const page = await open(client);
    const status = page.getByRole("status");
    await control("refuse", { n: 1 }); // the first retry fails, so the countdown is visible
    await page.getByRole("button", { name: "Kill connection" }).click();
    await status.getByText(/Reconnecting \(attempt \d+\) — next try in \d+ s/).waitFor();
    await expect(status.getByRole("button", { name: "Retry now" }).isVisible()).resolves.toBe(true);
    await status.getByText("Connected", { exact: true }).waitFor({ timeout: 15_000 });
    await page.close();
  });

  test("messages typed while the server is down arrive after the reconnect, in order, exactly once", async () => {
    const client = tag("down");
    const page = await open(client);
    await say(page, "before");
    await eventually("the first message", async () => (await chatLog(client)).length === 1);
    await control("down", { ms: 3000 });
    await page.getByRole("status").getByText(/Reconnecting/).waitFor();
    for (const text of ["one", "two", "three"]) await say(page, text);
    // The display follows the queue within a frame (renders are frame-batched).
    await eventually("the queue view to show 3", async () => (await page.getByTestId("queue-size").textContent()) === "3");
    await page.getByRole("status").getByText("3 messages waiting to be sent").waitFor();
    await page.getByRole("status").getByText("Connected", { exact: true }).waitFor({ timeout: 20_000 });
    await eventually("the replay", async () => (await chatLog(client)).length === 4);
    await page.waitForTimeout(300); // a duplicate would show up now
    expect(await chatLog(client)).toEqual(["before", "one", "two", "three"]);
    const log = page.getByRole("list", { name: "Messages" });
    for (const text of ["one", "two", "three"]) await log.getByText(text, { exact: true }).waitFor();
    await page.close();
  });

  test("the heartbeat finds a stalled server and reconnects", async () => {
    const client = tag("stall");
    const page = await open(client, "&hb=300&hbt=300");
    const before = await acceptedFor(client);
    await page.getByRole("button", { name: "Stall" }).click();
    // The stalled connection still looks open to the browser; only the
    // heartbeat can tell. The reconnect may be too quick to catch on screen,
    // so the proof is the metrics and the server's count.
    await page.getByTestId("Reconnects").getByText("1", { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByRole("status").getByText("Connected", { exact: true }).waitFor({ timeout: 15_000 });
    expect(await acceptedFor(client)).toBe(before + 1);
    await page.close();
  });

  test("unmounting, and leaving the page, leave zero server connections", async () => {
    const client = tag("leave");
    const page = await open(client);
    await page.getByRole("button", { name: "Unmount the chat" }).click();
    await eventually("the unmounted chat's socket to close", async () => (await openFor(client)) === 0);
    await page.getByRole("button", { name: "Mount the chat" }).click();
    await page.getByRole("status").getByText("Connected", { exact: true }).waitFor();
    expect(await openFor(client)).toBe(1);
    await page.goto("about:blank");
    await eventually("the left page's socket to close", async () => (await openFor(client)) === 0);
    await page.close();
  });

  test("a 10,000-message burst arrives in full and in order, and a screenshot is written", async () => {
    const client = tag("burst");
    const page = await open(client);
    await say(page, "Hello! This is the wasmsocket demo.");
    await page.getByRole("button", { name: "Burst 10,000 messages" }).click();
    await page.getByTestId("burst").getByText(/10,000 messages in \d+ ms, all in order/).waitFor({ timeout: 30_000 });
    // build/ is not tracked: the README's copy in docs/ is updated by hand.
    const shot = fileURLToPath(new URL("../build/screenshots/demo.png", import.meta.url));
    mkdirSync(fileURLToPath(new URL("../build/screenshots/", import.meta.url)), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    await page.close();
  });
});
