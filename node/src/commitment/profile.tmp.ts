import { createStateCommitment, EMPTY_CODE_HASH } from './index.ts'

let x = 12345
const random = (n: number) => {
  const o = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    o[i] = x & 255
  }
  return o
}
const state = createStateCommitment()
const holders = Array.from({ length: 100000 }, () => random(20))
let t0 = performance.now()
for (const a of holders) state.applyAccount(a, { nonce: 0n, balance: 10n ** 21n, codeHash: EMPTY_CODE_HASH })
const token = random(20)
state.applyAccount(token, { nonce: 1n, balance: 0n, codeHash: random(32) })
const slots = Array.from({ length: 100000 }, () => random(32))
for (const s of slots) state.applyStorage(token, s, 10n ** 20n)
console.log('apply setup', performance.now() - t0)
t0 = performance.now()
state.root()
console.log('setup root', performance.now() - t0)
let next = 0
const BLOCKS = Number(process.env.BLOCKS ?? 30)
let cpuTotal = 0,
  wallTotal = 0
for (let b = 0; b < BLOCKS; b++) {
  const c0 = process.cpuUsage()
  const t1 = performance.now()
  for (let t = 0; t < 3000; t++) {
    const s = next++ % holders.length
    state.applyAccount(holders[s], {
      nonce: BigInt(b + 1),
      balance: 10n ** 21n - BigInt(b),
      codeHash: EMPTY_CODE_HASH,
    })
    state.applyStorage(token, slots[(s * 7) % slots.length], 10n ** 20n - BigInt(b + 1))
    state.applyStorage(
      token,
      t % 4 === 0 ? random(32) : slots[(s * 13 + 5) % slots.length],
      10n ** 20n + BigInt(b + 1),
    )
  }
  const t2 = performance.now()
  state.root()
  const t3 = performance.now()
  const c = process.cpuUsage(c0)
  if (b >= 5) {
    cpuTotal += (c.user + c.system) / 1000
    wallTotal += t3 - t1
  }
  if (b < 3) console.log('block', b, 'apply', (t2 - t1).toFixed(1), 'root', (t3 - t2).toFixed(1))
}
console.log('avg block cpu ms', (cpuTotal / (BLOCKS - 5)).toFixed(1), 'wall', (wallTotal / (BLOCKS - 5)).toFixed(1))
