import { Box, Text } from 'ink';
import type { MailboxInfo } from '../../reader/index.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';

interface Props {
  mailboxes: MailboxInfo[];
  /** The mailbox shown in the index. */
  current: number;
  /** Highlighted row while choosing a mailbox (`c`), else undefined. */
  cursor?: number;
  width: number;
  height: number;
}

export function Sidebar({ mailboxes, current, cursor, width, height }: Props) {
  const focus = cursor ?? current;
  const top = Math.max(0, Math.min(focus - Math.floor(height / 2), mailboxes.length - height));
  const multiAccount = new Set(mailboxes.map((m) => m.account)).size > 1;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle={undefined}>
      {mailboxes.slice(top, top + height).map((box, i) => {
        const index = top + i;
        const parts = box.name.split('/');
        const label = '  '.repeat(parts.length - 1 + (multiAccount ? 1 : 0)) + parts[parts.length - 1];
        const counts = box.unread ? `${box.unread}/${box.total}` : `${box.total}`;
        const name = multiAccount && box.name === 'INBOX' ? `${box.account}` : label;
        return (
          <Box key={box.path} width={width}>
            <Box flexGrow={1} flexShrink={1}>
              <Text wrap="truncate-end" inverse={index === cursor} bold={index === current} color={box.unread ? 'yellow' : undefined}>
                {index === cursor ? '>' : index === current ? '*' : ' '}
                {sanitizeForTerminal(name)}
              </Text>
            </Box>
            <Text dimColor> {counts}</Text>
          </Box>
        );
      })}
    </Box>
  );
}
