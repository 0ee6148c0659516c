import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

// The test server, serving the built demo, for the whole run.
let server: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  if (!existsSync(`${root}/build/demo/index.html`)) throw new Error("build/demo is missing: run `make demo-build` (make test-e2e does)");
  const bin = `${root}/build/testserver`;
  execFileSync("go", ["build", "-o", bin, "./testserver"], { cwd: root, stdio: "inherit" });
  server = spawn(bin, ["-addr", "127.0.0.1:0", "-static", `${root}/build/demo`], { stdio: ["ignore", "pipe", "inherit"] });
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
