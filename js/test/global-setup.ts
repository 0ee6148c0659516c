import type { TestProject } from "vitest/node";
import { startTestServer } from "./testserver.js";

// Starts the real Go test server for the whole run and hands its address
// to the tests (inject("serverUrl")). Reused by the React package's tests.
let stop: (() => void) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const server = await startTestServer();
  stop = server.stop;
  project.provide("serverUrl", server.url);
}

export async function teardown(): Promise<void> {
  stop?.();
}

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
  }
}
