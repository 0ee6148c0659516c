import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** bench/ */
export const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The repository root (/work/main). */
export const root = join(benchDir, "..");
