import { readFileSync } from 'node:fs';
// CPU seconds (user + system) of these processes so far, from /proc/<pid>/stat; a process that has
// gone counts nothing.
const TICK = 100; // USER_HZ on Linux

export function cpuSeconds(pids) {
  return pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / TICK; // utime, stime (fields 14 and 15)
    } catch {
      return sum;
    }
  }, 0);
}
