import { readFileSync } from 'node:fs';

/** Linux's clock ticks per second for /proc start times (USER_HZ, 100 on every common kernel). */
const USER_HZ = 100;

function startOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(btime) ? btime * 1000 + (ticks * 1000) / USER_HZ : null;
  } catch {
    return null;
  }
}

/**
 * When the command the user typed started: the npm process when npm started us (`npm start`
 * execs node, so npm is the parent), else this process. Start-up is measured from here, npm and
 * the TypeScript loader included, as a person at the terminal waits for it.
 */
export function commandStartedAt(): { at: number; what: string } {
  const self = Date.now() - process.uptime() * 1000;
  try {
    const parent = readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').split('\0').join(' ');
    const at = /\bnpm\b/.test(parent) ? startOf(process.ppid) : null;
    if (at !== null && at <= self) return { at, what: 'npm start' };
  } catch {
    // Not Linux, or no /proc: the process's own start.
  }
  return { at: self, what: 'the node process' };
}
