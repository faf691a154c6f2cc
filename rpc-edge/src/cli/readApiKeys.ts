import { readFileSync } from 'node:fs'

/**
 * The API keys in `path`: one a line; blank lines and `#` comments are
 * skipped. A file (not a flag) keeps keys out of `ps` and shell history.
 */
export function readApiKeys(path: string): string[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new TypeError(`--api-keys: cannot read ${path} (${(cause as Error).message})`)
  }
  const keys = text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '')
  for (const key of keys) {
    if (/\s/.test(key)) throw new TypeError(`--api-keys: a key in ${path} contains whitespace`)
  }
  if (keys.length === 0) throw new TypeError(`--api-keys: ${path} holds no key`)
  return keys
}
