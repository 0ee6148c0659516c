import { isWireError, fromWire, WsError } from "./errors.js";
import { api, Op } from "./loader.js";
import { jitterToWire, type ReconnectOptions } from "./options.js";

/**
 * The spec's ReconnectLogic, computed by the same Go code the connections
 * use: exponential backoff, capped before the jitter so delays stay spread
 * out at the cap. It needs the module: `await loadWasm()` first, or use
 * `await ReconnectLogic.create(options)`.
 *
 * ```ts
 * await loadWasm();
 * const logic = new ReconnectLogic({ initialDelay: 500, maxDelay: 10_000, jitter: "full" });
 * logic.getNextDelay(3);       // a delay in [0, 4000) ms
 * logic.shouldRetry(3, 10);    // true
 * ```
 */
export class ReconnectLogic {
  readonly options: Readonly<ReconnectOptions>;
  #wire: Record<string, unknown>;
  #prev = 0;
  #random: () => number;

  constructor(options: ReconnectOptions = {}, random: () => number = Math.random) {
    if (!api()) throw new WsError("ERR_NOT_LOADED", "ReconnectLogic needs the wasm module: await loadWasm() (or ReconnectLogic.create) first");
    this.options = Object.freeze({ ...options });
    this.#random = random;
    this.#wire = { initialDelay: options.initialDelay, maxDelay: options.maxDelay, backoffMultiplier: options.backoffMultiplier, jitter: jitterToWire(options.jitter) };
    this.getNextDelay(0); // invalid options throw now
    this.#prev = 0;
  }

  static async create(options?: ReconnectOptions, random?: () => number): Promise<ReconnectLogic> {
    const { loadWasm } = await import("./loader.js");
    await loadWasm();
    return new ReconnectLogic(options, random);
  }

  /** The delay in ms before retry number attemptCount (0-based). */
  getNextDelay(attemptCount: number): number {
    const r = api()!(Op.BackoffDelay, this.#wire, attemptCount, this.#prev, this.#random());
    if (isWireError(r)) throw fromWire(r);
    this.#prev = r as number;
    return r as number;
  }

  /** Whether another attempt may follow attemptCount; maxAttempts Infinity means no limit. */
  shouldRetry(attemptCount: number, maxAttempts: number): boolean {
    return api()!(Op.ShouldRetry, attemptCount, maxAttempts) as boolean;
  }

  /** Forgets the previous delay (decorrelated jitter grows from it). */
  reset(): void {
    this.#prev = 0;
  }
}
