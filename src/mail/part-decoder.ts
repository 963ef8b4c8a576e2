// A text part's bytes → UTF-8 as the index decodes them, as the stream mailparser decodes a part
// through (parse-mime.ts): the pager and search then read every charset alike, an unknown one and
// UTF-7 included (mailparser replaced unknown bytes with U+FFFD, search read Latin-1).
import { Transform, type TransformCallback } from 'node:stream';
import { decodeCharset } from './mime-parts.js';

export class PartDecoder extends Transform {
  private readonly chunks: Buffer[] = [];

  constructor(private readonly charset: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(decodeCharset(Buffer.concat(this.chunks), this.charset)));
  }
}
