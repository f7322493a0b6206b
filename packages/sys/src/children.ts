import { readdirSync, readFileSync } from 'node:fs';

/**
 * Pids of this process's children. Children hang off the thread that forked them (and adopted
 * orphans off the thread the kernel picked), so every thread's children list is read. Kernels
 * without CONFIG_PROC_CHILDREN fall back to scanning each process's parent pid.
 */
export function listChildren(): number[] {
  try {
    return childrenFromTaskLists();
  } catch {
    return childrenFromStat();
  }
}

function childrenFromTaskLists(): number[] {
  const children = new Set<number>();
  for (const thread of readdirSync('/proc/self/task')) {
    let list: string;
    try {
      list = readFileSync(`/proc/self/task/${thread}/children`, 'utf8');
    } catch (error) {
      // A thread that ended since readdir has no list; a missing file everywhere means no support.
      if (thread === String(process.pid)) throw error;
      continue;
    }
    for (const pid of list.split(' ')) if (pid.trim() !== '') children.add(Number(pid));
  }
  return [...children];
}

function childrenFromStat(): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it exited meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === process.pid) children.push(Number(entry));
  }
  return children;
}
