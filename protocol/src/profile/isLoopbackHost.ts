/**
 * True when binding `host` keeps a server on this machine: `localhost`,
 * 127.0.0.0/8, `::1` (bracketed or not) and their IPv4-mapped forms.
 * `0.0.0.0`, `::` and every other address reach beyond it.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  const lower = bare.toLowerCase()
  if (lower === 'localhost' || lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true
  const v4 = lower.startsWith('::ffff:') ? lower.slice(7) : lower
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)
}
