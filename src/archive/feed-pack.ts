// The bytes of a batch of stored messages as they go to the index worker, moved rather than
// cloned. A message that has a buffer of its own (one that came in several socket reads) gives
// that buffer up: its memory leaves this thread at once, where a dropped Buffer waits for a
// garbage collection of the sync's heap (tens of MB of them did at a time). Bytes that share a
// buffer with others (small messages cut from one socket read) are copied into one buffer.

export interface PackedFile {
  path: string;
  /** Which of `parts` holds the file's bytes; its range there. Length 0: none, read the file. */
  part: number;
  offset: number;
  length: number;
}

export interface PackedFiles {
  files: PackedFile[];
  /** To be transferred with the message (the caller must not read the files' bytes after). */
  parts: ArrayBuffer[];
}

/** Whether `bytes` is the whole of its buffer, so that buffer can be moved without taking others' bytes. */
function ownsBuffer(bytes: Buffer): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
}

export function packFiles(files: readonly { path: string; bytes?: Buffer }[]): PackedFiles {
  const parts: ArrayBuffer[] = [];
  const shared = files.filter((f) => f.bytes?.length && !ownsBuffer(f.bytes));
  const copies = new Uint8Array(shared.reduce((sum, f) => sum + f.bytes!.length, 0));
  if (copies.length) parts.push(copies.buffer);
  let offset = 0;
  const packed = files.map(({ path, bytes }): PackedFile => {
    if (!bytes?.length) return { path, part: 0, offset: 0, length: 0 };
    if (ownsBuffer(bytes)) {
      parts.push(bytes.buffer as ArrayBuffer);
      return { path, part: parts.length - 1, offset: 0, length: bytes.length };
    }
    copies.set(bytes, offset);
    offset += bytes.length;
    return { path, part: 0, offset: offset - bytes.length, length: bytes.length };
  });
  return { files: packed, parts };
}
