import { Box, Text } from 'ink';
import type { MailboxInfo } from '../../reader/index.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { sidebarLabels } from './sidebar-labels.js';
import { useTheme } from '../theme.js';

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
  const theme = useTheme();
  const focus = cursor ?? current;
  const top = Math.max(0, Math.min(focus - Math.floor(height / 2), mailboxes.length - height));
  const multiAccount = new Set(mailboxes.map((m) => m.account)).size > 1;
  // With several accounts each INBOX stands for its account and the other mailboxes hang below.
  const treeName = (m: MailboxInfo) =>
    !multiAccount ? m.name : m.name === 'INBOX' ? m.account : `${m.account}/${m.name}`;
  const labels = sidebarLabels(mailboxes.map(treeName));
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      {mailboxes.slice(top, top + height).map((box, i) => {
        const index = top + i;
        const { depth, label: leaf } = labels[index]!;
        const name = '  '.repeat(depth) + leaf;
        const counts = box.unread ? `${box.unread}/${box.total}` : `${box.total}`;
        return (
          <Box key={box.path} width={width}>
            <Box flexGrow={1} flexShrink={1}>
              <Text
                wrap="truncate-end"
                inverse={index === cursor}
                bold={index === current}
                color={box.unread ? theme.warn : undefined}
              >
                {index === cursor ? '>' : index === current ? '*' : ' '}
                {sanitizeForTerminal(name)}
              </Text>
            </Box>
            <Box flexShrink={0}>
              <Text dimColor> {counts}</Text>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
