import { keccak_256 } from '@noble/hashes/sha3.js'
import { decodeAttestation, encodeAttestation } from '@rtevm/protocol'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { isAttestationSigned, recoverAttestationSigner } from '../finality/index.ts'
import type { BlockToVerify } from './createStatelessVerifier.ts'
import { createVerifierPool, type VerifierPool } from './createVerifierPool.ts'
import { startTestChain, type TestChain } from './verifierTestSupport.ts'

const signerKey = keccak_256(new TextEncoder().encode('rtevm test verifier'))
let chain: TestChain
let blocks: BlockToVerify[]
let genesisRoot: Uint8Array
let pool: VerifierPool

beforeAll(async () => {
  chain = await startTestChain(4)
  const { signers, sequencer } = chain
  const token = await chain.deploy('token', [10n ** 24n])
  await sequencer.sealBlock()
  for (let round = 0; round < 4; round++) {
    await Promise.all(
      signers.map((_, i) =>
        chain.call(token, 'token', 'transfer', [signers[(i + 1) % 4].address, 1n], signers[0]),
      ),
    )
    await sequencer.sealBlock()
  }
  const genesis = sequencer.events.readFrom(1n, 1)[0].event
  if (genesis.kind !== 'block') throw new Error('the stream starts with the genesis block')
  genesisRoot = genesis.block.header.stateRoot
  blocks = await chain.blocksToVerify()
  pool = createVerifierPool({
    chainId: 31337n,
    signerKey,
    workers: 2,
    finalizedFrom: { number: 0n, stateRoot: genesisRoot },
  })
  await pool.ready()
}, 60_000)

afterAll(async () => {
  await pool?.close()
  await chain?.sequencer.close()
})

test('verifies out of order on workers, signs attestations and finalizes only contiguous blocks', async () => {
  expect(blocks).toHaveLength(5)
  const finalizedSeen: bigint[] = []
  pool.onAttestation(({ finalized }) => finalizedSeen.push(finalized))
  // Blocks 5, 4, 2 first: nothing past genesis can be final without block 1.
  const late = await Promise.all([blocks[4], blocks[3], blocks[1]].map((b) => pool.verify(b)))
  expect(late.every((a) => a.ok)).toBe(true)
  expect(pool.finalized()).toBe(0n)
  await pool.verify(blocks[0])
  expect(pool.finalized()).toBe(2n)
  await pool.verify(blocks[2])
  expect(pool.finalized()).toBe(5n)
  expect(finalizedSeen).toEqual([0n, 0n, 0n, 2n, 5n])

  const attestation = late[0]
  expect(attestation.blockNumber).toBe(5n)
  expect(attestation.stateRoot).toStrictEqual(blocks[4].header.stateRoot)
  expect(attestation.verifier).toStrictEqual(pool.verifier)
  expect(recoverAttestationSigner(attestation)).toStrictEqual(pool.verifier)
  expect(isAttestationSigned(decodeAttestation(encodeAttestation(attestation)))).toBe(true)
  expect(isAttestationSigned({ ...attestation, ok: false })).toBe(false)
})

test('a block that fails verification is attested not ok and never finalized', async () => {
  const bad = blocks[1]
  const stateRoot = bad.header.stateRoot.slice()
  stateRoot[0] ^= 1
  const other = createVerifierPool({
    chainId: 31337n,
    signerKey,
    workers: 1,
    finalizedFrom: { number: 0n, stateRoot: genesisRoot },
  })
  try {
    const reasons: (string | undefined)[] = []
    other.onAttestation(({ verification }) => reasons.push(verification.reason))
    const attestations = await Promise.all([
      other.verify(blocks[0]),
      other.verify({ ...bad, header: { ...bad.header, stateRoot } }),
      other.verify(blocks[2]),
    ])
    expect(attestations.map((a) => a.ok)).toEqual([true, false, true])
    expect(reasons[1]).toMatch(/state root/)
    expect(other.finalized()).toBe(1n)
  } finally {
    await other.close()
  }
})
