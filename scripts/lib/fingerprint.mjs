// One hash over what a build reads, so a build is redone exactly when one of its inputs changed.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * sha256 over the paths (relative to `root`) and contents of every file under `dirs` that
 * `include(name, path)` accepts, in a stable order, descending into folders `enter(name)` accepts,
 * plus the single `files`.
 */
export function fingerprint(root, { dirs, files = [], enter = () => true, include = () => true }) {
  const hash = createHash('sha256')
  const add = (path) => {
    hash.update(relative(root, path))
    hash.update('\0')
    hash.update(readFileSync(path))
    hash.update('\0')
  }
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (enter(entry.name)) walk(path)
      } else if (entry.isFile() && include(entry.name, path)) add(path)
    }
  }
  for (const dir of dirs) walk(join(root, dir))
  for (const file of files) add(join(root, file))
  return hash.digest('hex')
}
