// The reads of a TLS socket into one buffer reused for every read (Node's `onread`), handed to
// the connection as they come: no allocation, Buffer object and stream 'data' event per read, as
// there are ~55,000 reads for a GB of mail. The receiver must copy what it keeps of a read.

/** A TLS record's plaintext is at most 16 KB, and Node hands over each record on its own. */
const READ_BUFFER_BYTES = 16 * 1024;

type Receiver = (chunk: Buffer) => void;

export class SocketInbox {
  /** For `tls.connect`: where each read lands, and what is called with it. */
  readonly onread = {
    buffer: Buffer.allocUnsafeSlow(READ_BUFFER_BYTES),
    callback: (length: number, buffer: Buffer): void => this.read(buffer.subarray(0, length)),
  };
  private receiver: Receiver | undefined;
  /** Reads that came before the receiver was there (the greeting may come with the handshake). */
  private early: Buffer[] = [];

  /** From now on every read goes to `receiver`, those that came before it first. */
  deliverTo(receiver: Receiver): void {
    this.receiver = receiver;
    for (const chunk of this.early.splice(0)) receiver(chunk);
  }

  /** Reads are dropped from now on (the connection hung up). */
  stop(): void {
    this.receiver = () => undefined;
  }

  private read(chunk: Buffer): void {
    if (this.receiver !== undefined) this.receiver(chunk);
    else this.early.push(Buffer.from(chunk));
  }
}
