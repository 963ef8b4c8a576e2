// How the reader shares the terminal's rows: the title, the main area, the message line (status
// or prompt) and the host app's status line. In a tiny terminal the main area keeps one row and the
// other lines give way, the app's status line first, then the message line, then the title; a
// prompt being typed keeps its line before the title. Each line shown is one row, so the screen
// never holds more rows than the terminal (Ink drew lines over each other: 'To: me@x.org 29 <p…').
export interface ReaderLayout {
  title: boolean;
  messageLine: boolean;
  statusLine: boolean;
  /** Rows of the main area (index, pager, help), at least one. */
  main: number;
}

type Line = 'title' | 'messageLine' | 'statusLine';

export function readerLayout(height: number, hasStatusLine: boolean, prompting: boolean): ReaderLayout {
  const rows = Math.max(1, height);
  const wanted: Line[] = prompting ? ['messageLine', 'title'] : ['title', 'messageLine'];
  if (hasStatusLine) wanted.push('statusLine');
  const shown = new Set(wanted.slice(0, rows - 1));
  return {
    title: shown.has('title'),
    messageLine: shown.has('messageLine'),
    statusLine: shown.has('statusLine'),
    main: rows - shown.size,
  };
}
