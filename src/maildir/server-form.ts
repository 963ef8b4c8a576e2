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
  return toCrlf(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

/** Every LF becomes CRLF (the caller knows there is no CRLF yet). */
function toCrlf(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) {
    parts.push(data.subarray(start, i), CRLF);
    start = i + 1;
  }
  parts.push(data.subarray(start));
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');
