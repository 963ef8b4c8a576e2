// Polls until a condition (or an async one) holds. Time-based with a generous deadline, so a loaded machine (CI on
// two cores) slows a test down instead of failing it.
export const WAIT_TIMEOUT_MS = 20_000;

export async function waitUntil<T>(
  probe: () => T | false | undefined | null | Promise<T | false | undefined | null>,
  describe: () => string,
  { timeoutMs = WAIT_TIMEOUT_MS, everyMs = 10 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
