import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { compileTestContracts } from '@rtevm/testkit'
import { encodeAbiParameters } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge, testDevAccounts } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const { token } = compileTestContracts()
const COMMAND_TIMEOUT_MS = 10_000

/**
 * Foundry's native `cast`, from the platform package `@foundry-rs/cast`
 * depends on optionally (`@foundry-rs/cast-linux-amd64`…). Missing → a failing
 * test naming the fix, never a skip.
 */
function castBinary(): string {
  const platform = `@foundry-rs/cast-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`
  try {
    const fromCast = createRequire(createRequire(import.meta.url).resolve('@foundry-rs/cast/package.json'))
    const binary = fromCast.resolve(`${platform}/bin/cast`)
    if (existsSync(binary)) return binary
  } catch {}
  throw new Error(
    `Foundry's cast binary (${platform}) is not installed: run \`pnpm install\` in the workspace ` +
      '(@foundry-rs/cast is a devDependency of @rtevm/rpc-edge and ships its binary as an optional dependency)',
  )
}

let t: TestEdge
beforeEach(async () => {
  t = await startTestEdge()
})
afterEach(async () => {
  await t.close()
})

/** Runs cast against the edge's HTTP URL; rejects with cast's stderr on a non-zero exit or after the timeout. */
function cast(...args: string[]): Promise<string> {
  const binary = castBinary()
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      // Options before positionals: `send --create` takes everything after the code as constructor args.
      [args[0], '--rpc-url', t.edge.url, ...args.slice(1)],
      // Outside the repo, so no foundry.toml is picked up; no ETH_RPC_URL from the environment.
      {
        cwd: tmpdir(),
        timeout: COMMAND_TIMEOUT_MS,
        env: { PATH: process.env.PATH, HOME: tmpdir(), FOUNDRY_DISABLE_NIGHTLY_WARNING: '1' },
      },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed ? `timed out after ${COMMAND_TIMEOUT_MS} ms` : `exited with ${error.code}`
          const shown = args.map((a) => (a.length > 70 ? `${a.slice(0, 70)}…` : a)).join(' ')
          reject(new Error(`cast ${shown} ${why}: ${stderr || stdout}`))
        } else resolve(stdout.trim())
      },
    )
  })
}

describe("Foundry's cast against the edge", () => {
  it('cast chain-id, balance and block latest', async () => {
    expect(await cast('chain-id')).toBe('31337')
    expect(await cast('balance', dev1.address)).toBe((10_000n * 10n ** 18n).toString())
    const before = t.edge.replica.head().block
    const block = JSON.parse(await cast('block', 'latest', '--json')) as { number: string; hash: string }
    expect(block.hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(BigInt(block.number)).toBeGreaterThanOrEqual(before)
    expect(BigInt(block.number)).toBeLessThanOrEqual(t.edge.replica.head().block)
  })

  it('cast rpc anvil_setBalance and anvil_impersonateAccount; cast send --unlocked sends from an impersonated account', async () => {
    const whale = '0x000000000000000000000000000000000000a1a1'
    const to = '0x00000000000000000000000000000000000c0de2'
    expect(await cast('rpc', 'anvil_setBalance', whale, '0xde0b6b3a7640000')).toBe('null')
    expect(await cast('balance', whale)).toBe(`${10n ** 18n}`)
    await cast('rpc', 'anvil_impersonateAccount', whale)
    const sent = JSON.parse(
      await cast('send', '--unlocked', '--from', whale, to, '--value', '5wei', '--json'),
    ) as { status: string; from: string }
    expect(sent).toMatchObject({ status: '0x1', from: whale })
    expect(await cast('balance', to)).toBe('5')
  })

  it('cast send a 1 wei transfer waits for the receipt; cast receipt reads it back', async () => {
    const to = '0x00000000000000000000000000000000000c0de1'
    const sent = JSON.parse(
      await cast('send', '--private-key', dev0.privateKey, to, '--value', '1wei', '--json'),
    ) as { status: string; transactionHash: string }
    expect(sent.status).toBe('0x1')
    expect(await cast('balance', to)).toBe('1')
    const receipt = JSON.parse(await cast('receipt', sent.transactionHash, '--json')) as {
      status: string
      from: string
      to: string
    }
    expect(receipt.status).toBe('0x1')
    expect(receipt.from).toBe(dev0.address.toLowerCase())
    expect(receipt.to).toBe(to)
  })

  it('cast send --create deploys the ERC-20; cast call reads balanceOf, now and at an older block; cast run replays the deployment', async () => {
    const args = encodeAbiParameters([{ type: 'uint256' }], [1_000_000n]).slice(2)
    const deployed = JSON.parse(
      await cast('send', '--private-key', dev0.privateKey, '--create', `${token.bytecode}${args}`, '--json'),
    ) as { status: string; contractAddress: string; transactionHash: string }
    expect(deployed.status).toBe('0x1')
    const balance = await cast('call', deployed.contractAddress, 'balanceOf(address)(uint256)', dev0.address)
    expect(balance).toMatch(/^1000000\b/) // cast appends a scientific form: "1000000 [1e6]"
    await cast(
      'send',
      '--private-key',
      dev0.privateKey,
      deployed.contractAddress,
      'transfer(address,uint256)',
      dev1.address,
      '40',
    )
    expect(await cast('call', deployed.contractAddress, 'balanceOf(address)(uint256)', dev1.address)).toBe(
      '40',
    )
    // History: the state at the deployment's block, before the transfer.
    const at = JSON.parse(await cast('receipt', deployed.transactionHash, '--json')) as {
      blockNumber: string
      gasUsed: string
    }
    await t.sequencer.sealBlock()
    while (t.edge.replica.head().block < BigInt(at.blockNumber)) await new Promise((r) => setTimeout(r, 5))
    const block = BigInt(at.blockNumber).toString()
    expect(
      await cast(
        'call',
        '--block',
        block,
        deployed.contractAddress,
        'balanceOf(address)(uint256)',
        dev1.address,
      ),
    ).toBe('0')
    expect(await cast('balance', '--block', '0', dev0.address)).toBe((10_000n * 10n ** 18n).toString())
    expect(await cast('nonce', '--block', block, dev0.address)).toBe('1')
    // cast run replays the block's earlier transactions on the parent block's state, then traces this one.
    const replay = await cast('run', deployed.transactionHash)
    expect(replay).toMatch(/emit Transfer\(/)
    expect(replay).toMatch(/Transaction successfully executed/)
    expect(replay).toContain(`Gas used: ${BigInt(at.gasUsed)}`)
  })
})
