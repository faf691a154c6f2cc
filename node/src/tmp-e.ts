import { defineConfig } from './config/index.ts'
import { createSequencer } from './sequencer/index.ts'
import { createTxSigner, createStateReplica, dumpSequencerState, computeStateRoot } from './testing/index.ts'
const config = defineConfig({ blockIntervalMs: 2 ** 31 - 1, miniBlockMaxWorkUs: 0 })
const seq = await createSequencer(config)
const replica = createStateReplica(seq.devAccounts.map((a) => ({ address: a.address, balance: config.devAccountBalance })))
seq.events.subscribe(({ event }) => { if (event.kind === 'miniBlock') replica.applyDiff(event.miniBlock.stateDiff) })
const [a] = seq.devAccounts
const sa = createTxSigner(a.privateKey, a.address)
const fee = { maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1n }
const first = seq.submit(sa.sign({ nonce: 0n, to: seq.devAccounts[1].address, value: 1n, gasLimit: 21000n, ...fee }))
const second = seq.submit(sa.sign({ nonce: 1n, data: Uint8Array.from([0x60, 0x00, 0x60, 0x00, 0xfd]), gasLimit: 100000n, ...fee }))
let done = false
second.then(() => { done = true }, () => { done = true })
await first
let seals = 0
while (!done) { seq.sealBlock(); seals++; await Promise.resolve() }
const r2 = await second
const last = seq.sealBlock()
console.log('seals', seals, 'status', r2.receipt.status, 'cum', r2.receipt.cumulativeGasUsed, 'gas', r2.receipt.gasUsed)
const dump = dumpSequencerState(seq)
console.log('accounts state', dump.accounts.size, 'replica', replica.state.accounts.size)
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
console.log('root header', hex(last.header.stateRoot), '\nscratch(state) ', hex(await computeStateRoot(dump)), '\nscratch(replica)', hex(await computeStateRoot(replica.state)))
await seq.close()
