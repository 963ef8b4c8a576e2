/** Hard-wraps lines at `width` code points (the pager's own wrap, so scrolling counts real rows). */
export function wrapLines(lines: string[], width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const line of lines) {
    const chars = [...line];
    if (chars.length <= w) out.push(line);
    else for (let i = 0; i < chars.length; i += w) out.push(chars.slice(i, i + w).join(''));
  }
  return out;
}
