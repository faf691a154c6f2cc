import { defineConfig } from './config/index.ts'
import { createSequencer } from './sequencer/index.ts'
import { createReferenceChain, createTxSigner, computeStateRoot, dumpSequencerState } from './testing/index.ts'
const seq = await createSequencer(defineConfig({ blockIntervalMs: 2 ** 31 - 1 }))
const signers = seq.devAccounts.map((a) => createTxSigner(a.privateKey, a.address))
const raws: Uint8Array[] = []
let t = performance.now()
for (let i = 0; i < 500; i++) {
  const s = signers[i % 20]
  raws.push(s.sign({ nonce: BigInt(Math.floor(i / 20)), to: signers[(i + 1) % 20].address, value: 1n, gasLimit: 21000n, maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1n }))
}
console.log('sign', performance.now() - t); t = performance.now()
await Promise.all(raws.map((r) => seq.submit(r)))
console.log('exec', performance.now() - t); t = performance.now()
const block = seq.sealBlock()
const ref = await createReferenceChain({ chainId: 31337n, genesis: seq.devAccounts.map((a) => ({ address: a.address, balance: 10_000n * 10n ** 18n })) })
const r = await ref.runBlock(block.header, raws)
console.log('ref', performance.now() - t); t = performance.now()
const root = await computeStateRoot(dumpSequencerState(seq))
console.log('scratch', performance.now() - t)
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
console.log(hex(block.header.stateRoot), hex(r.stateRoot), hex(root))
await seq.close()
