import { Box, Text } from 'ink';
import type { TimedError } from '../../engine/progress-snapshot.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { formatClock, formatCount } from '../../text/format-progress.js';
import { useTheme } from '../theme.js';

interface Props {
  errors: readonly TimedError[];
  /** All errors so far, including those no longer kept in memory. */
  total: number;
  logPath: string;
  width: number;
  height: number;
}

export function errorText(e: TimedError): string {
  const where = e.mailbox === undefined ? e.account : `${e.account}/${e.mailbox}`;
  return `${formatClock(e.at)} ${sanitizeForTerminal(where)}: ${sanitizeForTerminal(e.message)}`;
}

/** The newest errors that fit, newest last; older ones are in the log file. */
export function ErrorPane({ errors, total, logPath, width, height }: Props) {
  const theme = useTheme();
  const shown = errors.slice(-Math.max(0, height - 1));
  // A server's [ALERT] is listed here too, though it is not an error: it is counted apart.
  const alerts = errors.filter((e) => e.code === 'SERVER_ALERT').length;
  const hidden = total + alerts - shown.length;
  const counts = [
    formatCount(total),
    ...(alerts > 0 ? [`${formatCount(alerts)} server alert${alerts === 1 ? '' : 's'}`] : []),
    ...(hidden > 0 ? [`${formatCount(hidden)} more in ${sanitizeForTerminal(logPath)}`] : []),
  ];
  const title = `Errors (${counts.join(', ')}) · e hides`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end" color={theme.error}>
        {title}
      </Text>
      {shown.map((e, i) => (
        <Text key={`${e.at}:${i}`} wrap="truncate-end">
          {errorText(e)}
        </Text>
      ))}
    </Box>
  );
}
