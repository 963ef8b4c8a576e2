// The pager's MIME parsing (mailparser, html-to-text) is loaded when a message is first opened, not
// when the reader starts: loading it is a good part of the reader's start-up.
import type { Attachment } from 'mailparser';
import type { RenderedMessage } from './types.js';

const load = () => import('./render-message.js');

export async function renderMessageFile(path: string): Promise<RenderedMessage> {
  return (await load()).renderMessageFile(path);
}

export async function readAttachment(path: string, index: number): Promise<Attachment> {
  return (await load()).readAttachment(path, index);
}

export async function messageBodyText(path: string): Promise<string> {
  return (await load()).messageBodyText(path);
}
