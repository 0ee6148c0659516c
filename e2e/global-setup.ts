import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startTestServer } from "../js/test/testserver.js";

// The test server, serving the built demo, for the whole run.
let stop: (() => void) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const demo = fileURLToPath(new URL("../build/demo", import.meta.url));
  if (!existsSync(`${demo}/index.html`)) throw new Error("build/demo is missing: run `make demo-build` (make test-e2e does)");
  const server = await startTestServer(demo);
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
