import { useEffect, useRef } from 'react';
import { useStdout } from 'ink';

/** Rings the terminal bell (BEL, which moves nothing on the screen) each time new mail is stored. */
export function useNewMailBell(enabled: boolean, newMailAt: number | undefined): void {
  const { stdout } = useStdout();
  const rung = useRef(newMailAt);
  useEffect(() => {
    if (newMailAt === rung.current) return;
    rung.current = newMailAt;
    if (enabled && newMailAt !== undefined) stdout.write('\x07');
  }, [enabled, newMailAt, stdout]);
}
