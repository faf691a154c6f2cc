import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const playground = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const script = join(playground, 'scripts', 'generate.mjs')
const temp = mkdtempSync(join(tmpdir(), 'playground-generate-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const generate = (...args: string[]) => spawnSync('node', [script, ...args], { encoding: 'utf8' })

describe('generate.mjs', () => {
  it('regenerates exactly the checked-in generated/ tree, then skips when nothing changed', () => {
    const out = join(temp, 'generated')
    const first = generate('--out', out, '--force')
    expect(first.stderr).toBe('')
    expect(first.status).toBe(0)
    expect(first.stdout).toContain('compiled 3 sources')
    const files = readdirSync(out).sort()
    expect(files).toEqual(readdirSync(join(playground, 'generated')).sort())
    expect(files).toEqual(expect.arrayContaining(['Arena.ts', 'OrderBook.json', 'TestToken.ts', 'index.ts']))
    for (const file of files) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(
        readFileSync(join(playground, 'generated', file), 'utf8'),
      )
    }
    const second = generate('--out', out)
    expect(second.status).toBe(0)
    expect(second.stdout).toContain('unchanged')
  })

  it('fails with solc’s message on a broken source, leaving no output', () => {
    const contracts = join(temp, 'broken')
    const out = join(temp, 'broken-out')
    spawnSync('mkdir', ['-p', contracts])
    writeFileSync(join(contracts, 'Broken.sol'), 'pragma solidity 0.8.28;\ncontract Broken { uint x = ; }\n')
    const result = generate('--contracts', contracts, '--out', out)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('solc failed')
    expect(result.stderr).toContain('ParserError')
    expect(() => readdirSync(out)).toThrow()
  })
})
