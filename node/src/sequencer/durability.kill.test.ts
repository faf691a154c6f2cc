import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TxInclusion } from '@rtevm/protocol'
import type { StateDump } from '@rtevm/testkit'
import { computeStateRoot, createTxSigner, freePort, type TxSigner } from '@rtevm/testkit'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { defineConfig } from '../config/index.ts'
import { deriveDevAccounts } from '../genesis/index.ts'
import { createLinkClient, fetchGenesis } from '../link/index.ts'
import { createReplica, type Replica } from '../replica/index.ts'
import { hexFromBytes } from '../state/index.ts'

const KILLS = 20
const SENDERS = 4
const IN_FLIGHT_PER_SENDER = 4
const here = dirname(fileURLToPath(import.meta.url))
const config = defineConfig({ link: { port: 0 } })
const signers: TxSigner[] = deriveDevAccounts(config.mnemonic, SENDERS).map((a) =>
  createTxSigner(a.privateKey, a.address),
)

let dir: string
let port: number
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtevm-kill-'))
  port = await freePort()
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let x = seed
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31
    return x / 2 ** 31
  }
}

/** Starts the sequencer process; resolves with it and the stream head it recovered to. */
function startSequencer(): Promise<{ child: ChildProcess; head: bigint }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'sequencerUnderKill.fixture.ts'), dir, String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (chunk) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const ready = /^ready (\d+)/.exec(chunk.toString())
      if (ready) resolve({ child, head: BigInt(ready[1]) })
    })
    child.once('exit', (code) => reject(new Error(`sequencer exited with ${code} before ready: ${stderr}`)))
  })
}

/** A replica that replays the whole stream from genesis: it re-derives every block's roots on the way. */
async function followAll(head: bigint): Promise<Replica> {
  // Genesis comes from the restarted sequencer too (block 0 read back from its data directory).
  const replica = await createReplica(await fetchGenesis(`ws://127.0.0.1:${port}`, { reconnect: false }))
  const events = createLinkClient({
    url: `ws://127.0.0.1:${port}`,
    onEvent: (event) => replica.apply(event),
    reconnect: false,
  })
  await events.ready()
  const deadline = Date.now() + 15_000
  while (replica.lastSeq() < head && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
  await events.close()
  return replica
}

function dump(replica: Replica): StateDump {
  const out: StateDump = { accounts: new Map(), code: new Map() }
  for (const [address, account] of replica.state.accounts()) {
    const storage = new Map<string, bigint>()
    for (const [slot, value] of replica.state.storageOf(address) ?? [])
      storage.set(slot, BigInt(`0x${hexFromBytes(value)}`))
    out.accounts.set(address, { ...account, storage })
  }
  return out
}

it(`loses no acknowledged transaction across ${KILLS} SIGKILLs under load`, {
  timeout: 240_000,
}, async () => {
  const next = random(7)
  const acknowledged: TxInclusion[] = []
  for (let kill = 0; kill <= KILLS; kill++) {
    const { child, head } = await startSequencer()
    const client = createLinkClient({ url: `ws://127.0.0.1:${port}`, reconnect: false, onError: () => {} })
    await client.ready()
    // Where the restarted chain stands: every acknowledged transaction, nonces to continue from.
    const replica = await followAll(head)
    expect(replica.haltedBy(), `replica halted after restart ${kill}`).toBeUndefined()
    expect(
      replica.lastSeq(),
      `replica could not replay to the recovered head after restart ${kill}`,
    ).toBeGreaterThanOrEqual(head)
    for (const inclusion of acknowledged) {
      expect(
        replica.getTransaction(inclusion.hash),
        `acknowledged tx lost after restart ${kill}`,
      ).toBeDefined()
    }
    expect(hexFromBytes(await computeStateRoot(dump(replica)))).toBe(hexFromBytes(replica.stateRoot()))
    if (kill === KILLS) {
      child.kill('SIGKILL')
      await client.close()
      break
    }

    // Load: every sender keeps a few transfers in flight until the kill.
    const nonces = signers.map((s) => replica.getAccount(Buffer.from(s.address.slice(2), 'hex'))?.nonce ?? 0n)
    let killed = false
    const sendLoop = async (i: number) => {
      while (!killed) {
        const raw = signers[i].sign({
          nonce: nonces[i]++,
          to: signers[(i + 1) % SENDERS].address,
          value: 1n,
          gasLimit: 21_000n,
          maxFeePerGas: 2_000_000_000n,
          maxPriorityFeePerGas: 1n,
        })
        try {
          acknowledged.push(await client.submit(raw))
        } catch {
          return
        }
      }
    }
    const loops = signers.flatMap((_, i) => Array.from({ length: IN_FLIGHT_PER_SENDER }, () => sendLoop(i)))
    await new Promise((resolve) => setTimeout(resolve, 50 + next() * 400))
    child.kill('SIGKILL')
    killed = true
    await new Promise((resolve) => child.once('exit', resolve))
    await Promise.all(loops)
    await client.close().catch(() => {})
  }
  expect(acknowledged.length).toBeGreaterThan(KILLS * 10)
})
