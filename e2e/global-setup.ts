import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serverForTheRun } from "../js/test/testserver.js";

// The test server, serving the built demo, for the whole run.
export const { setup, teardown } = serverForTheRun(() => {
  const demo = fileURLToPath(new URL("../build/demo", import.meta.url));
  if (!existsSync(`${demo}/index.html`)) throw new Error("build/demo is missing: run `make demo-build` (make test-e2e does)");
  return demo;
});
