import { type Hex, hexToBytes, parseTransaction, serializeTransaction, toHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts } from '../edge/edgeTestSupport.ts'

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const dev = privateKeyToAccount(testDevAccounts[0].privateKey)
const poor = privateKeyToAccount(generatePrivateKey())
const base = {
  chainId: 31337,
  type: 'eip1559',
  to: dev.address,
  gas: 21_000n,
  maxFeePerGas: 10n ** 10n,
  maxPriorityFeePerGas: 1n,
  value: 1n,
} as const

let running: TestEdge
let nonce: number

beforeAll(async () => {
  running = await startTestEdge()
  // One accepted transaction, so nonce 0 is used.
  const first = await dev.signTransaction({ ...base, nonce: 0 })
  expect((await rawRpc(running.edge.url, 'eth_sendRawTransactionSync', [first])).error).toBeUndefined()
  nonce = 1
})

afterAll(async () => {
  await running.close()
})

/** A valid signature with its s flipped to n − s: the same signer, malleated (EIP-2). */
async function highS(): Promise<Hex> {
  const signed = parseTransaction(await dev.signTransaction({ ...base, nonce }))
  const s = toHex(N - BigInt(signed.s as Hex), { size: 32 })
  return serializeTransaction(
    { ...base, nonce },
    { r: signed.r as Hex, s, yParity: 1 - (signed.yParity ?? 0) },
  )
}

async function rejected(): Promise<Record<string, Hex>> {
  return {
    'unsupported type (a signed blob transaction without blobs)': await dev.signTransaction({
      ...base,
      nonce,
      type: 'eip4844',
      blobVersionedHashes: [`0x01${'00'.repeat(31)}`],
      maxFeePerBlobGas: 1n,
    }),
    'wrong chain id (typed)': await dev.signTransaction({ ...base, nonce, chainId: 1 }),
    'wrong chain id (legacy, EIP-155)': await dev.signTransaction({
      chainId: 1,
      nonce,
      to: dev.address,
      gas: 21_000n,
      gasPrice: 10n ** 10n,
    }),
    unsigned: serializeTransaction({ ...base, nonce }),
    'zero r': serializeTransaction({ ...base, nonce }, { r: '0x00', s: '0x01', yParity: 0 }),
    'high s': await highS(),
    'signature that does not recover': serializeTransaction(
      { ...base, nonce },
      { r: toHex(N + 1n, { size: 32 }), s: '0x01', yParity: 0 },
    ),
    'gas above the per-transaction maximum': await dev.signTransaction({ ...base, nonce, gas: 10n ** 9n }),
    'intrinsic gas too low': await dev.signTransaction({ ...base, nonce, gas: 20_999n }),
    'below the EIP-7623 calldata floor': await dev.signTransaction({
      ...base,
      nonce,
      data: toHex(new Uint8Array(100).fill(1)),
      gas: 24_999n,
    }),
    'create below the EIP-3860 init code cost': await dev.signTransaction({
      ...base,
      nonce,
      to: null,
      data: toHex(new Uint8Array(64)),
      gas: 53_000n + 256n + 3n,
    }),
    'access list not paid for': await dev.signTransaction({
      ...base,
      nonce,
      accessList: [{ address: dev.address, storageKeys: [toHex(1n, { size: 32 })] }],
      gas: 21_000n + 2_400n,
    }),
    'fee cap below the base fee': await dev.signTransaction({
      ...base,
      nonce,
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
    }),
    // Not the included transaction itself: resending that returns its receipt (a safe retry).
    'nonce too low': await dev.signTransaction({ ...base, nonce: 0, value: 2n }),
    'insufficient funds': await poor.signTransaction({ ...base, nonce: 0 }),
    'value beyond the balance': await dev.signTransaction({ ...base, nonce, value: 10n ** 30n }),
  }
}

describe('edge admission', () => {
  it('refuses what the sequencer refuses, with its code and message, without reaching it', async () => {
    const cases = await rejected()
    // What the sequencer itself answers for each, asked directly.
    const expected: Record<string, string> = {}
    for (const [name, raw] of Object.entries(cases)) {
      const error = await running.sequencer.submit(hexToBytes(raw)).then(
        () => undefined,
        (e: { shortMessage: string }) => e,
      )
      expect(error, name).toBeDefined()
      expected[name] = (error as { shortMessage: string }).shortMessage
    }
    const submit = vi.spyOn(running.sequencer, 'submit')
    try {
      for (const [name, raw] of Object.entries(cases)) {
        for (const method of ['eth_sendRawTransaction', 'eth_sendRawTransactionSync']) {
          const answer = await rawRpc(running.edge.url, method, [raw])
          expect({ name, ...answer.error }).toMatchObject({ name, code: -32000, message: expected[name] })
        }
      }
      expect(submit).not.toHaveBeenCalled()
    } finally {
      submit.mockRestore()
    }
  })

  it('lets nonce gaps through to be queued, and valid transactions through to be included', async () => {
    const submit = vi.spyOn(running.sequencer, 'submit')
    try {
      const ahead = await dev.signTransaction({ ...base, nonce: nonce + 2 })
      const queued = rawRpc(running.edge.url, 'eth_sendRawTransaction', [ahead])
      await vi.waitFor(() => expect(submit).toHaveBeenCalledTimes(1))
      // The gap filled by the other types the sequencer takes: EIP-2930, and legacy without EIP-155.
      const fill = [
        await dev.signTransaction({
          chainId: 31337,
          type: 'eip2930',
          nonce,
          to: dev.address,
          gas: 21_000n + 2_400n,
          gasPrice: 10n ** 10n,
          accessList: [{ address: dev.address, storageKeys: [] }],
        }),
        await dev.signTransaction({
          type: 'legacy',
          nonce: nonce + 1,
          to: dev.address,
          gas: 21_000n,
          gasPrice: 10n ** 10n,
        }),
      ]
      for (const raw of fill) {
        expect((await rawRpc(running.edge.url, 'eth_sendRawTransaction', [raw])).error).toBeUndefined()
      }
      expect((await queued).error).toBeUndefined()
      expect(submit).toHaveBeenCalledTimes(3)
    } finally {
      submit.mockRestore()
    }
  })
})
