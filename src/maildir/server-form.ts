// The bytes a server would send for a message file written by another tool. mbsync and
// OfflineIMAP store CRLF as LF, and mbsync adds an `X-TUID:` header; mailkeep keeps the bytes
// unchanged, so a file that has any CRLF is taken as it is.

const TUID_LINE = /^X-TUID: [A-Za-z0-9+/]{12}\n/m;

export function serverForm(file: Buffer): Buffer {
  if (file.includes('\r\n')) return file;
  const headerEnd = file.indexOf('\n\n');
  let head = file.subarray(0, headerEnd < 0 ? file.length : headerEnd + 1).toString('latin1');
  head = head.replace(TUID_LINE, '');
  const body = headerEnd < 0 ? Buffer.alloc(0) : file.subarray(headerEnd + 1);
  return withCrlf(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

const CRLF = Buffer.from('\r\n');

/** `data` with every LF that has no CR before it as CRLF; `afterCr`: the byte before `data` was a CR. */
export function withCrlf(data: Buffer, afterCr = false): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) {
    if (i > 0 ? data[i - 1] === 13 : afterCr) continue;
    parts.push(data.subarray(from, i), CRLF);
    from = i + 1;
  }
  if (from === 0) return data;
  parts.push(data.subarray(from));
  return Buffer.concat(parts);
}
