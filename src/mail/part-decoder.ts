// A text part's raw body → UTF-8 text as the index reads it (readTextPart), as the stream
// mailparser writes a shown text part into (parse-mime.ts): the pager and search then read every
// part alike.
import { Transform, type TransformCallback } from 'node:stream';
import { parseContentType } from './mime-parts.js';
import { readTextPart } from './read-text-part.js';

export class PartDecoder extends Transform {
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly encoding: string | undefined,
    private readonly contentType: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    const text = readTextPart(Buffer.concat(this.chunks), parseContentType(this.contentType), this.encoding);
    done(null, Buffer.from(text));
  }
}
