import { RLP } from '@ethereumjs/rlp'
import { createTx, type TypedTxData } from '@ethereumjs/tx'
import { ErrorCode, RtevmError, type TxInclusion } from '@rtevm/protocol'
import {
  FeeTooLowError,
  InsufficientFundsError,
  InvalidSignatureError,
  InvalidTransactionError,
  NonceTooLowError,
  WrongChainIdError,
} from '@rtevm/protocol/errors'
import { createSenders, createTxSigner, type TxSigner } from '@rtevm/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { defineConfig, type SequencerConfigInput } from '../config/index.ts'
import { createChainCommon, ExecutionRejectedError } from '../executor/index.ts'
import { AlreadyKnownError, NonceTooHighError, ReplacementUnderpricedError } from '../mempool/index.ts'
import { bigIntToBytes } from '../state/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'
import { ShuttingDownError } from './errors.ts'

const GWEI = 1_000_000_000n
/** secp256k1's group order n. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const FEES = { maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: GWEI }

let sequencer: Sequencer
let signers: TxSigner[]

afterEach(async () => {
  await sequencer?.close()
})

async function start(input: SequencerConfigInput = {}) {
  sequencer = await createSequencer(defineConfig({ blockIntervalMs: 2 ** 31 - 1, ...input }))
  signers = sequencer.devAccounts.map((account) => createTxSigner(account.privateKey, account.address))
}

const nonceOf = (signer: TxSigner) =>
  sequencer.state.getAccount(signer.address.slice(2).toLowerCase())?.nonce ?? 0n

function transfer(signer: TxSigner, nonce: bigint, extra: Partial<TypedTxData> = {}): Uint8Array {
  return signer.sign({ nonce, to: signers[19].address, value: 1n, gasLimit: 21_000n, ...FEES, ...extra })
}

type ErrorClass = abstract new (...args: never[]) => RtevmError

/** Asserts a typed rejection: its class, its stable code, and a message that says why. */
async function expectRejected(promise: Promise<unknown>, type: ErrorClass, code: string, message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, 'expected a rejection').toBeInstanceOf(type)
  expect(error).toBeInstanceOf(RtevmError)
  expect((error as RtevmError).code).toBe(code)
  expect((error as RtevmError).message).toMatch(message)
}

/** Resolves to what `promise` did within `ms`, or 'pending'. */
function within(promise: Promise<TxInclusion>, ms: number): Promise<'resolved' | 'rejected' | 'pending'> {
  return Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms)),
  ])
}

/** Waits (up to 5 s) until `condition` holds: admission is asynchronous (sender recovery off-thread). */
async function until(condition: () => boolean) {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error('condition not reached within 5 s')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The sender can still transact after a rejection: its next nonce goes through. */
async function stillWorks(signer: TxSigner = signers[0]) {
  const inclusion = await sequencer.submit(transfer(signer, nonceOf(signer)))
  expect(inclusion.receipt.status).toBe(1)
}

/** Re-encodes a signed EIP-1559 transaction with some of its fields replaced (index in the RLP list). */
function tamper(raw: Uint8Array, fields: Record<number, Uint8Array>): Uint8Array {
  const list = RLP.decode(raw.subarray(1)) as Uint8Array[]
  for (const [index, value] of Object.entries(fields)) list[Number(index)] = value
  return Uint8Array.of(2, ...RLP.encode(list))
}

const bytes32 = (value: bigint) => Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'))

describe('admission rejects bad bytes with typed errors', () => {
  it('rejects a typed transaction signed for another chain', async () => {
    await start()
    const [alice] = signers
    const foreign = createTxSigner(sequencer.devAccounts[0].privateKey, alice.address, 1n)
    for (const fees of [
      { type: 1, gasPrice: 2n * GWEI },
      { type: 2, ...FEES },
    ]) {
      await expectRejected(
        sequencer.submit(foreign.sign({ nonce: 0n, to: alice.address, gasLimit: 21_000n, ...fees })),
        WrongChainIdError,
        ErrorCode.WrongChainId,
        /wrong chain id: this chain is 31337, the transaction is for 1$/,
      )
    }
    await stillWorks()
  })

  // Regression test for a fixed bug: for a legacy EIP-155 transaction EthereumJS says "Incompatible EIP155-based V 37 and
  // chain id 31337"; decodeTransaction's fallback regex picks up 31337, so the message names the wrong chain.
  it('names the foreign chain id of a legacy EIP-155 transaction', async () => {
    await start()
    const foreign = createTxSigner(sequencer.devAccounts[0].privateKey, signers[0].address, 1n)
    await expectRejected(
      sequencer.submit(
        foreign.sign({ type: 0, nonce: 0n, to: signers[1].address, gasLimit: 21_000n, gasPrice: GWEI }),
      ),
      WrongChainIdError,
      ErrorCode.WrongChainId,
      /wrong chain id: this chain is 31337, the transaction is for 1$/,
    )
  })

  it('rejects empty, unknown-type, truncated, trailing-garbage and random payloads', async () => {
    await start()
    const valid = transfer(signers[0], 0n)
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /empty payload/],
      [Uint8Array.of(0x05, 0xc0), /unsupported transaction type 0x5/],
      [valid.subarray(0, valid.length - 3), /invalid transaction/],
      [Uint8Array.of(...valid, 0x00), /invalid transaction/],
      [Uint8Array.of(0x02, ...Array.from({ length: 90 }, (_, i) => (i * 37) & 0xff)), /invalid transaction/],
      [Uint8Array.of(0xf8, 0x40, ...new Uint8Array(64).fill(0x11)), /invalid transaction/],
      [Uint8Array.from(RLP.encode([1, 2, 3])), /invalid transaction/],
    ]
    for (const [raw, message] of cases) {
      await expectRejected(
        sequencer.submit(raw),
        InvalidTransactionError,
        ErrorCode.InvalidTransaction,
        message,
      )
    }
    expect(sequencer.stats().mempoolSize).toBe(0)
    await stillWorks()
  })

  it('rejects an unsigned transaction and signatures that recover no key', async () => {
    await start()
    const common = createChainCommon(31337n)
    const unsigned = createTx({ type: 2, chainId: 31337n, nonce: 0n, gasLimit: 21_000n, ...FEES }, { common })
    await expectRejected(
      sequencer.submit(unsigned.serialize()),
      InvalidSignatureError,
      ErrorCode.InvalidSignature,
      /invalid signature: the transaction is not signed/,
    )
    const valid = transfer(signers[0], 0n)
    // r = n is out of range; so is r = 0 (encoded as the empty string, which reads as "unsigned").
    for (const r of [bytes32(N), new Uint8Array(0)]) {
      await expectRejected(
        sequencer.submit(tamper(valid, { 10: r })),
        InvalidSignatureError,
        ErrorCode.InvalidSignature,
        /invalid signature/,
      )
    }
    await stillWorks()
  })

  it('turns away a payload altered after signing: it recovers to some other, unfunded sender', async () => {
    await start()
    const valid = transfer(signers[0], 0n)
    const altered = tamper(valid, { 6: Uint8Array.of(2) }) // value 1 → 2
    await expectRejected(
      sequencer.submit(altered),
      InsufficientFundsError,
      ErrorCode.InsufficientFunds,
      /insufficient funds: account 0x[0-9a-f]{40} has balance 0/,
    )
    await stillWorks()
  })

  // EIP-2: s must be at most n/2. EthereumJS checks this for typed transactions in their constructor.
  it('rejects a typed transaction with a high s value as a signature error', async () => {
    await start()
    const valid = transfer(signers[0], 0n)
    const list = RLP.decode(valid.subarray(1)) as Uint8Array[]
    const s = BigInt(`0x${Buffer.from(list[11]).toString('hex')}`)
    const flipped = tamper(valid, {
      9: list[9].length === 0 ? Uint8Array.of(1) : new Uint8Array(0),
      11: bytes32(N - s),
    })
    const error = await sequencer.submit(flipped).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(RtevmError)
    expect((error as RtevmError).message).toMatch(/s-values? greater than secp256k1n\/2/)
    await stillWorks()
  })

  // Regression test for a fixed bug: the decoder recovers the sender natively and pre-fills EthereumJS's cache, which skips
  // EthereumJS's EIP-2 check for legacy transactions, so a malleated (high-s) legacy signature executes.
  it('rejects a legacy transaction with a high s value (EIP-2)', async () => {
    await start()
    const [alice] = signers
    const raw = alice.sign({
      type: 0,
      nonce: 0n,
      to: signers[1].address,
      value: 1n,
      gasLimit: 21_000n,
      gasPrice: 2n * GWEI,
    })
    const list = RLP.decode(raw) as Uint8Array[]
    const v = BigInt(`0x${Buffer.from(list[6]).toString('hex')}`)
    const s = BigInt(`0x${Buffer.from(list[8]).toString('hex')}`)
    list[6] = Uint8Array.of(
      Number(v % 2n === 0n ? v - 1n : v + 1n) >> 8,
      Number(v % 2n === 0n ? v - 1n : v + 1n) & 0xff,
    )
    list[8] = bytes32(N - s)
    const malleated = RLP.encode(list)
    const outcome = await sequencer.submit(malleated).then(
      () => 'executed',
      (e: unknown) => (e as RtevmError).code,
    )
    expect(outcome).toBe(ErrorCode.InvalidSignature)
  })
})

describe('admission checks nonces, fees, balance and gas', () => {
  it('rejects a nonce below the account nonce', async () => {
    await start()
    const [alice] = signers
    await sequencer.submit(transfer(alice, 0n))
    await expectRejected(
      sequencer.submit(transfer(alice, 0n, { value: 2n })),
      NonceTooLowError,
      ErrorCode.NonceTooLow,
      new RegExp(`nonce too low: account ${alice.address.toLowerCase()} has nonce 1, transaction has 0`),
    )
    await stillWorks()
  })

  it('holds a transaction behind a nonce gap until the gap is filled, then runs both in order', async () => {
    await start()
    const [alice] = signers
    const later = sequencer.submit(transfer(alice, 1n))
    await until(() => sequencer.stats().mempoolSize === 1)
    expect(await within(later, 30)).toBe('pending')
    expect(nonceOf(alice)).toBe(0n)
    expect(sequencer.stats().mempoolSize).toBe(1)
    const first = await sequencer.submit(transfer(alice, 0n))
    const second = await later
    expect(first.receipt.status).toBe(1)
    expect(second.receipt.status).toBe(1)
    expect([second.blockNumber, second.txIndex]).toEqual([first.blockNumber, first.txIndex + 1])
    expect(nonceOf(alice)).toBe(2n)
    expect(sequencer.stats().mempoolSize).toBe(0)
  })

  it('rejects a nonce further ahead than the pool holds', async () => {
    await start({ mempool: { maxNonceGap: 8 } })
    await expectRejected(
      sequencer.submit(transfer(signers[0], 9n)),
      NonceTooHighError,
      ErrorCode.NonceTooHigh,
      /nonce too high: .* has nonce 0, transaction has 9, more than 8 ahead/,
    )
    await stillWorks()
  })

  it('rejects an underpriced replacement, accepts a 10% bump and tells the replaced submitter', async () => {
    await start()
    const [alice] = signers
    const original = sequencer.submit(transfer(alice, 1n))
    const nine = {
      maxFeePerGas: (FEES.maxFeePerGas * 109n) / 100n,
      maxPriorityFeePerGas: (GWEI * 109n) / 100n,
    }
    await expectRejected(
      sequencer.submit(transfer(alice, 1n, { value: 2n, ...nine })),
      ReplacementUnderpricedError,
      ErrorCode.ReplacementUnderpriced,
      /replacement transaction underpriced: .* nonce 1 needs a 10% bump to maxFeePerGas >= 2200000000 and maxPriorityFeePerGas >= 1100000000/,
    )
    const ten = {
      maxFeePerGas: (FEES.maxFeePerGas * 110n) / 100n,
      maxPriorityFeePerGas: (GWEI * 110n) / 100n,
    }
    const replacement = sequencer.submit(transfer(alice, 1n, { value: 3n, ...ten }))
    await expectRejected(
      original,
      RtevmError,
      ErrorCode.TransactionReplaced,
      /was replaced by a higher-fee one/,
    )
    await sequencer.submit(transfer(alice, 0n))
    const included = await replacement
    expect(included.receipt.effectiveGasPrice).toBe(GWEI + ten.maxPriorityFeePerGas)
    expect(nonceOf(alice)).toBe(2n)
  })

  it('rejects a second copy of a held transaction as already known', async () => {
    await start()
    const raw = transfer(signers[0], 1n)
    const held = sequencer.submit(raw)
    await expectRejected(sequencer.submit(raw), AlreadyKnownError, ErrorCode.AlreadyKnown, /already known/)
    await sequencer.submit(transfer(signers[0], 0n))
    expect((await held).receipt.status).toBe(1)
  })

  // A wallet re-broadcast, or the same bytes arriving from two edges, while the first copy executes.
  it('settles a same-nonce transaction that arrives while the first one executes', async () => {
    await start()
    const [alice] = signers
    const raw = transfer(alice, 0n)
    const first = sequencer.submit(raw)
    const copy = sequencer.submit(raw)
    const other = sequencer.submit(transfer(alice, 0n, { value: 2n }))
    const settled = await Promise.allSettled([first, copy, other])
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of settled) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(RtevmError)
        expect([ErrorCode.NonceTooLow, ErrorCode.AlreadyKnown, ErrorCode.ReplacementUnderpriced]).toContain(
          (outcome.reason as RtevmError).code,
        )
      }
    }
    expect(nonceOf(alice)).toBe(1n)
    expect(sequencer.stats().mempoolSize).toBe(0)
    await stillWorks()
  })

  it('rejects fee caps below the base fee and tips above the fee cap', async () => {
    await start({ baseFeePerGas: 2n * GWEI })
    await expectRejected(
      sequencer.submit(transfer(signers[0], 0n, { maxFeePerGas: GWEI, maxPriorityFeePerGas: 1n })),
      FeeTooLowError,
      ErrorCode.FeeTooLow,
      /transaction underpriced: .* has maxFeePerGas 1000000000, below the base fee 2000000000/,
    )
    // EthereumJS will not build such a transaction, so the fields are swapped in the signed bytes; the
    // decoder refuses it before the signature matters.
    const raw = tamper(transfer(signers[0], 0n, { maxFeePerGas: 3n * GWEI }), { 2: bigIntToBytes(4n * GWEI) })
    await expectRejected(
      sequencer.submit(raw),
      InvalidTransactionError,
      ErrorCode.InvalidTransaction,
      /maxFeePerGas cannot be less than maxPriorityFeePerGas/,
    )
    await stillWorks()
  })

  it('rejects a sender that cannot pay gasLimit × maxFeePerGas + value', async () => {
    await start()
    const [broke] = createSenders(1, 0n, 99).signers
    await expectRejected(
      sequencer.submit(transfer(broke, 0n)),
      InsufficientFundsError,
      ErrorCode.InsufficientFunds,
      new RegExp(
        `insufficient funds: account ${broke.address.toLowerCase()} has balance 0, transaction costs up to ${21_000n * FEES.maxFeePerGas + 1n}`,
      ),
    )
    const rich = signers[0]
    await expectRejected(
      sequencer.submit(transfer(rich, 0n, { value: 10_000n * 10n ** 18n })),
      InsufficientFundsError,
      ErrorCode.InsufficientFunds,
      /insufficient funds/,
    )
    await stillWorks()
  })

  it('rejects a gas limit below the intrinsic gas', async () => {
    await start()
    const [alice] = signers
    await expectRejected(
      sequencer.submit(transfer(alice, 0n, { gasLimit: 20_999n })),
      RtevmError,
      ErrorCode.IntrinsicGasTooLow,
      /intrinsic gas too low: the transaction needs at least 21000 gas, its limit is 20999/,
    )
    // A creation costs 32 000 more, plus 4/16 per zero/non-zero byte and 2 per initcode word (EIP-3860).
    const creation = alice.sign({ nonce: 0n, data: Uint8Array.of(0, 1), gasLimit: 53_021n, ...FEES })
    await expectRejected(
      sequencer.submit(creation),
      RtevmError,
      ErrorCode.IntrinsicGasTooLow,
      /needs at least 53022 gas/,
    )
    await stillWorks()
  })

  // Regression test for a fixed bug: admission checks EthereumJS's getIntrinsicGas(), which leaves out the EIP-7623 calldata
  // floor (Prague), so such a transaction is admitted and then fails at execution with EXECUTION_FAILED.
  it('rejects at admission a gas limit below the EIP-7623 calldata floor', async () => {
    await start()
    const [alice] = signers
    // 1 000 non-zero bytes: intrinsic 21 000 + 16 000 = 37 000, floor 21 000 + 40 000 = 61 000.
    const raw = alice.sign({
      nonce: 0n,
      to: signers[1].address,
      data: new Uint8Array(1000).fill(1),
      gasLimit: 40_000n,
      ...FEES,
    })
    await expectRejected(sequencer.submit(raw), RtevmError, ErrorCode.IntrinsicGasTooLow, /61000/)
  })

  it('rejects a gas limit above the per-transaction maximum', async () => {
    await start({ maxTransactionGas: 1_000_000n })
    await expectRejected(
      sequencer.submit(transfer(signers[0], 0n, { gasLimit: 1_000_001n })),
      RtevmError,
      ErrorCode.GasLimitExceeded,
      /gas limit 1000001 exceeds the per-transaction maximum of 1000000/,
    )
    await stillWorks()
  })

  // Regression test for a fixed bug: a gas limit above the block gas limit (but under maxTransactionGas) passes admission,
  // seals the open block early (an empty block), then fails at execution with EXECUTION_FAILED.
  it('rejects at admission a gas limit above the block gas limit, without sealing a block', async () => {
    await start({ blockGasLimit: 100_000n })
    const blocksBefore = sequencer.latestBlock().header.number
    await expectRejected(
      sequencer.submit(transfer(signers[0], 0n, { gasLimit: 100_001n })),
      RtevmError,
      ErrorCode.GasLimitExceeded,
      /gas limit 100001 exceeds/,
    )
    expect(sequencer.latestBlock().header.number).toBe(blocksBefore)
  })
})

describe('execution-time rejection', () => {
  /** Two transfers that each pass admission but cannot both be paid: the second is held until the first ran. */
  async function overspend(poor: TxSigner) {
    const value = 6n * 10n ** 17n
    const second = sequencer.submit(transfer(poor, 1n, { value }))
    await until(() => sequencer.stats().mempoolSize === 1)
    const first = sequencer.submit(transfer(poor, 0n, { value }))
    return { first, second }
  }

  it('drops a transaction the sender can no longer pay for once it runs, and keeps the nonce for the next', async () => {
    const [poor] = createSenders(1, 10n ** 18n, 7).signers
    await start({ alloc: [{ address: poor.address, balance: 10n ** 18n }] })
    const { first, second } = await overspend(poor)
    expect((await first).receipt.status).toBe(1)
    await expectRejected(
      second,
      ExecutionRejectedError,
      ErrorCode.ExecutionFailed,
      /transaction rejected at execution/,
    )
    expect(nonceOf(poor)).toBe(1n)
    const retry = await sequencer.submit(transfer(poor, 1n, { value: 1n }))
    expect(retry.receipt.status).toBe(1)
    expect(nonceOf(poor)).toBe(2n)
  })

  // Regression test for a fixed bug: createExecutor strips EthereumJS's debug suffix with / \(tx type=.*$/, but v10 formats it
  // as " (vm hf=prague -> block number=… -> tx type=…)", so clients see block hashes and internals.
  it('gives an execution-time rejection a message without EthereumJS debug internals', async () => {
    const [poor] = createSenders(1, 10n ** 18n, 8).signers
    await start({ alloc: [{ address: poor.address, balance: 10n ** 18n }] })
    const { first, second } = await overspend(poor)
    await first
    const error = await second.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ExecutionRejectedError)
    expect((error as RtevmError).message).not.toMatch(/hf=|hash=0x/)
  })
})

describe('shutting down', () => {
  it('rejects held transactions and new submissions with a retryable ShuttingDownError', async () => {
    await start()
    const held = sequencer.submit(transfer(signers[0], 1n))
    await until(() => sequencer.stats().mempoolSize === 1)
    await sequencer.close()
    await expectRejected(held, ShuttingDownError, ErrorCode.ShuttingDown, /shutting down/)
    const late = await sequencer.submit(transfer(signers[0], 0n)).catch((e: unknown) => e)
    expect(late).toBeInstanceOf(ShuttingDownError)
    expect((late as RtevmError).retryable).toBe(true)
  })

  // Regression test for a fixed bug: close() closes sender recovery first, and a batch not yet flushed is then dropped
  // without settling its waiters: the submitter waits forever.
  it('settles a submission made in the same tick as close()', async () => {
    await start()
    const raced = within(sequencer.submit(transfer(signers[0], 0n)), 1_000)
    await sequencer.close()
    expect(await raced).toBe('rejected')
  })

  // Regression test for a fixed bug: a batch already sent to the recovery worker is rejected with InvalidSignatureError
  // ("sender recovery closed before answering"), which tells the client its signature is bad.
  it('rejects a submission still in sender recovery at close() as shutting down', async () => {
    await start()
    const inFlight = sequencer.submit(transfer(signers[0], 0n))
    const checked = expectRejected(inFlight, ShuttingDownError, ErrorCode.ShuttingDown, /shutting down/)
    await Promise.resolve()
    await sequencer.close()
    await checked
  })
})
