// Which text parts of mailparser's tree the pager shows, chosen as the index reads them
// (message-text.ts): in a multipart/alternative the parts chosenAlternatives picks, elsewhere
// every text part in its place, HTML as its text (mailparser, told to skip HTML to text, showed
// the HTML part of a multipart/mixed as nothing while the index read its words).
import { chosenAlternatives, hasText } from './alternative-choice.js';
import { htmlToText } from './html-text.js';

/** What this reads and sets of mailparser's nodes. */
export interface TextNode {
  contentType?: string;
  /** The part's own type (partMime), before a text part of another type is labelled text/plain. */
  readAs?: string;
  isAttachment?: boolean;
  textContent?: string;
  children: TextNode[];
}

/** HTML turned into text only in part (limited by `htmlChars`), in bytes of the whole and of what was read. */
export interface HtmlCut {
  bytes: number;
  shownBytes: number;
}

/**
 * Leaves in each node the text the pager shows: alternatives not chosen lose it, HTML becomes its
 * text labelled text/plain (so mailparser shows it in its place). Each HTML part is read up to
 * `htmlChars`, as the index reads it.
 */
export function showChosenText(root: TextNode, htmlChars: number): HtmlCut | undefined {
  const cut: HtmlCut = { bytes: 0, shownBytes: 0 };
  const show = (node: TextNode): void => {
    if (node.readAs === 'text/html' && node.textContent) showHtmlAsText(node, htmlChars, cut);
    // A blank part (a plain alternative some senders write beside the HTML) is no lines to show.
    if (node.textContent && !hasText(node.textContent)) node.textContent = '';
    const children =
      node.contentType === 'multipart/alternative' ? chosenAlternatives(node.children, isPlainWithText) : node.children;
    for (const child of node.children) {
      if (children.includes(child)) show(child);
      else hide(child);
    }
  };
  show(root);
  return cut.bytes ? cut : undefined;
}

function isPlainWithText(node: TextNode): boolean {
  return node.readAs === 'text/plain' && !node.isAttachment && hasText(node.textContent ?? '');
}

function showHtmlAsText(node: TextNode, htmlChars: number, cut: HtmlCut): void {
  const html = node.textContent!;
  const shown = html.slice(0, htmlChars);
  if (shown.length < html.length) {
    cut.bytes += Buffer.byteLength(html);
    cut.shownBytes += Buffer.byteLength(shown);
  }
  node.textContent = htmlToText(shown);
  node.contentType = 'text/plain';
}

function hide(node: TextNode): void {
  node.textContent = '';
  node.children.forEach(hide);
}
