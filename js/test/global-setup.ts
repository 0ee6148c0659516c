import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

// Starts the real Go test server for the whole run and hands its address
// to the tests (inject("serverUrl")). Reused by the React package's tests.
let server: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  // The binary itself, not `go run`, so that teardown's signal reaches it.
  const bin = fileURLToPath(new URL("../../build/testserver", import.meta.url));
  execFileSync("go", ["build", "-o", bin, "./testserver"], { cwd: root, stdio: "inherit" });
  server = spawn(bin, ["-addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server!.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server!.on("exit", (code) => reject(new Error(`testserver exited with ${code}: ${out}`)));
  });
  project.provide("serverUrl", url);
}

export async function teardown(): Promise<void> {
  server?.kill("SIGTERM");
}

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
  }
}
