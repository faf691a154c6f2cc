// Resident memory of a process and its descendants, read from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs'

/** Parent pid of every process on the machine, read from /proc/<pid>/stat. */
function parents(): Map<number, number> {
  const map = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid)) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // The command name may hold spaces and parentheses: fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      map.set(pid, Number(fields[1]))
    } catch {
      // exited meanwhile
    }
  }
  return map
}

/** `root` and every descendant still running. */
export function processTree(root: number): number[] {
  const byParent = parents()
  const tree = [root]
  for (let i = 0; i < tree.length; i++)
    for (const [pid, ppid] of byParent) if (ppid === tree[i]) tree.push(pid)
  return tree
}

/** VmRSS of one process in bytes (0 if it has exited). */
function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** Sum of resident memory over `root`'s process tree, in MiB. */
export function treeRssMiB(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + rssOf(pid), 0) / 2 ** 20
}

/** The command line of `pid`, its arguments joined by spaces ('' if it has exited). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}
