import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

/**
 * Builds and starts the real Go test server (optionally serving a static
 * folder) and resolves with its http:// address and a stop function. The
 * binary itself runs, not `go run`, so that stop's signal reaches it.
 * Shared by the client's, the React package's and the end-to-end tests.
 */
export async function startTestServer(staticDir?: string): Promise<{ url: string; stop: () => void }> {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const bin = `${root}/build/testserver`;
  execFileSync("go", ["build", "-o", bin, "./testserver"], { cwd: root, stdio: "inherit" });
  const args = ["-addr", "127.0.0.1:0", ...(staticDir ? ["-static", staticDir] : [])];
  const server: ChildProcess = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.on("exit", (code) => reject(new Error(`testserver exited with ${code}: ${out}`)));
  });
  return { url, stop: () => server.kill("SIGTERM") };
}

/**
 * A vitest global setup that runs the test server for the whole run and
 * hands its address to the tests (inject("serverUrl")). staticDir, if
 * given, is called at setup and names the folder the server also serves.
 */
export function serverForTheRun(staticDir?: () => string): {
  setup(project: TestProject): Promise<void>;
  teardown(): Promise<void>;
} {
  let stop: (() => void) | undefined;
  return {
    async setup(project) {
      const server = await startTestServer(staticDir?.());
      stop = server.stop;
      project.provide("serverUrl", server.url);
    },
    async teardown() {
      stop?.();
    },
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
  }
}
