import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// protocol/ runs in a browser: its product files use Uint8Array, TextEncoder and
// @noble/hashes, never Node's Buffer (dependency-cruiser forbids node: imports).
const SRC = import.meta.dirname
const isTest = (file: string) => /\.(test|fuzz\.test|case\.test)\.ts$/.test(file)

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return productFiles(path)
    return entry.name.endsWith('.ts') && !isTest(entry.name) ? [path] : []
  })
}

const withoutComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')

describe('protocol/src', () => {
  it('uses no Buffer outside its tests', () => {
    const using = productFiles(SRC).filter((file) =>
      /\bBuffer\b/.test(withoutComments(readFileSync(file, 'utf8'))),
    )
    expect(using.map((file) => relative(SRC, file))).toEqual([])
  })
})
