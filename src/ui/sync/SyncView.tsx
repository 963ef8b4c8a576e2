import { Box, Text } from 'ink';
import type { ProgressSnapshot } from '../../engine/progress-snapshot.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { formatErrorCount } from '../../text/format-progress.js';
import { useTheme } from '../theme.js';
import { ErrorPane } from './ErrorPane.js';
import { MailboxTable } from './MailboxTable.js';
import { SyncHeader } from './SyncHeader.js';
import { syncLayout } from './sync-layout.js';
import type { TableLines } from './table-lines.js';
import type { ScrollState } from './table-scroll.js';

export interface SyncViewProps {
  snapshot: ProgressSnapshot;
  table: TableLines;
  scroll: ScrollState;
  showErrors: boolean;
  logPath: string;
  width: number;
  height: number;
  now: number;
  /** A one-line answer to the last key (e.g. why an account cannot be edited here). */
  message?: string;
}

function footerText(snapshot: ProgressSnapshot, showErrors: boolean, logPath: string, message?: string): string {
  if (message !== undefined) return message;
  // The keys first: at 80 columns a long log path is what gets cut, not the hints.
  const hints = `g/G sync · a accounts · Tab reader · ? help · q quit · log: ${sanitizeForTerminal(logPath)}`;
  if (snapshot.errorCount > 0 && !showErrors) return `${formatErrorCount(snapshot.errorCount)} (e shows) · ${hints}`;
  return hints;
}

export function SyncView({ snapshot, table, scroll, showErrors, logPath, width, height, now, message }: SyncViewProps) {
  const theme = useTheme();
  const layout = syncLayout(height, snapshot, showErrors);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <SyncHeader snapshot={snapshot} lines={layout.header} width={width} now={now} />
      {layout.tableHeight > 0 ? (
        <MailboxTable table={table} scroll={scroll} width={width} height={layout.tableHeight} now={now} />
      ) : null}
      {layout.errorHeight > 0 ? (
        <ErrorPane
          errors={snapshot.errors}
          total={snapshot.errorCount}
          logPath={logPath}
          width={width}
          height={layout.errorHeight}
        />
      ) : null}
      {layout.footer ? (
        <Text wrap="truncate-end" color={theme.muted}>
          {footerText(snapshot, showErrors, logPath, message)}
        </Text>
      ) : null}
    </Box>
  );
}
