// text/enriched (RFC 1896) → plain text, by the rules of the converter in its appendix: formatting
// commands dropped, the data of <param> dropped, '<<' a literal '<', one line break a space and n
// line breaks n-1 of them, every line break kept inside <nofill>. Lines inside <excerpt> are quoted
// with '> ', as mutt quotes them.
const TOKENS = /<<|<(\/?[a-z0-9-]{1,60})>|\n|[^<\n]+|</gi;

export function enrichedToText(enriched: string): string {
  const out: string[] = [];
  const depth = { param: 0, nofill: 0, excerpt: 0 };
  let newlines = 0;
  let lineStart = true;
  const write = (text: string) => {
    if (newlines === 1) text = ' ' + text;
    newlines = 0;
    if (lineStart && depth.excerpt) text = '> '.repeat(depth.excerpt) + text;
    lineStart = false;
    out.push(text);
  };
  const breakLine = () => {
    out.push('\n');
    lineStart = true;
  };
  for (const [token, command] of enriched.replace(/\r\n?/g, '\n').matchAll(TOKENS)) {
    if (command !== undefined) {
      if (newlines === 1) write('');
      newlines = 0;
      countNesting(depth, command.toLowerCase());
    } else if (depth.param > 0) {
      continue;
    } else if (token === '\n' && depth.nofill > 0) {
      breakLine();
    } else if (token === '\n') {
      if (++newlines > 1) breakLine();
    } else {
      write(token === '<<' ? '<' : token);
    }
  }
  return out.join('');
}

function countNesting(depth: { param: number; nofill: number; excerpt: number }, command: string): void {
  const name = command.replace(/^\//, '');
  if (name !== 'param' && name !== 'nofill' && name !== 'excerpt') return;
  depth[name] = Math.max(0, depth[name] + (command.startsWith('/') ? -1 : 1));
}
