/** Runs cb before the next paint, or in ~16 ms where there are no frames. */
export function onNextFrame(cb: () => void): () => void {
  const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number; cancelAnimationFrame?: (id: number) => void };
  if (typeof g.requestAnimationFrame === "function") {
    const id = g.requestAnimationFrame(cb);
    return () => g.cancelAnimationFrame?.(id);
  }
  const id = setTimeout(cb, 16);
  return () => clearTimeout(id);
}
