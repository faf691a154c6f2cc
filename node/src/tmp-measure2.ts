import { defineConfig } from './config/index.ts'
import { createSequencer } from './sequencer/index.ts'
import { createTxSigner } from './testing/index.ts'
const seq = await createSequencer(defineConfig({ blockIntervalMs: 2 ** 31 - 1 }))
const signers = seq.devAccounts.map((a) => createTxSigner(a.privateKey, a.address))
for (let round = 0; round < 4; round++) {
const raws: Uint8Array[] = []
for (let i = 0; i < 500; i++) {
  const s = signers[i % 20]
  raws.push(s.sign({ nonce: BigInt(round * 25 + Math.floor(i / 20)), to: signers[(i + 1) % 20].address, value: 1n, gasLimit: 21000n, maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1n }))
}
let t = performance.now()
await Promise.all(raws.map((r) => seq.submit(r)))
console.log('exec', performance.now() - t, seq.stats().miniBlocks)
}
await seq.close()
