/** Shared timing helpers for benches: measure ops/s over a fixed wall-clock budget. */
export function opsPerSecond(fn: () => void, budgetMs = 1000, warmupMs = 200): { opsPerSec: number; runs: number } {
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) fn();
  let runs = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    for (let i = 0; i < 64; i++) fn();
    runs += 64;
    now = performance.now();
  }
  return { opsPerSec: Math.round((runs * 1000) / (now - start)), runs };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
