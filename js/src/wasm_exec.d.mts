// Types of the module scripts/wasm-exec-module.mjs generates from Go's
// wasm_exec.js at build time (dist/wasm_exec.mjs).
export declare class Go {
  importObject: WebAssembly.Imports;
  argv: string[];
  env: Record<string, string>;
  exited: boolean;
  run(instance: WebAssembly.Instance): Promise<void>;
}
/** The Go program's global object; its prototype is globalThis. */
export declare const shim: Record<string, unknown>;
