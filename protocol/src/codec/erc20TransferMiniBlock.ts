// Test-only: a realistic mini-block holding one ERC-20 transfer, for size checks and timing.
import { keccak_256 } from '@noble/hashes/sha3.js'
import type { AccountDiff, MiniBlock } from '../types/index.ts'

/** Deterministic filler bytes, distinct per label. */
function bytes(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let seed = keccak_256(new TextEncoder().encode(label))
  for (let at = 0; at < length; at += 32) {
    out.set(seed.subarray(0, Math.min(32, length - at)), at)
    seed = keccak_256(seed)
  }
  return out
}

const sender = bytes('sender', 20)
const recipient = bytes('recipient', 20)
const token = bytes('token', 20)
const coinbase = bytes('coinbase', 20)
const emptyCodeHash = keccak_256(new Uint8Array(0))
const amount = 1_500_000_000_000_000_000n
/** keccak256("Transfer(address,address,uint256)"). */
const transferTopic = keccak_256(new TextEncoder().encode('Transfer(address,address,uint256)'))
const word = (address: Uint8Array) => {
  const out = new Uint8Array(32)
  out.set(address, 12)
  return out
}

/** The sender pays gas and bumps its nonce; the token contract moves two balance slots. */
export const erc20SenderAndToken: AccountDiff[] = [
  {
    address: sender,
    deleted: false,
    storageCleared: false,
    nonce: 42n,
    balance: 9_999_873_201_455_000_000_000n,
    codeHash: emptyCodeHash.slice(),
    storage: [],
  },
  {
    address: token,
    deleted: false,
    storageCleared: false,
    nonce: 1n,
    balance: 0n,
    codeHash: bytes('token code', 32),
    storage: [
      { slot: bytes('balanceOf[sender]', 32), value: 998_500_000_000_000_000_000n },
      { slot: bytes('balanceOf[recipient]', 32), value: 1_500_000_000_000_000_000n },
    ],
  },
]

/** The fee recipient collecting the priority fee. */
export const erc20Coinbase: AccountDiff = {
  address: coinbase,
  deleted: false,
  storageCleared: false,
  nonce: 0n,
  balance: 3_841_275_000_000_000n,
  codeHash: emptyCodeHash.slice(),
  storage: [],
}

/** One mini-block with one EIP-1559 ERC-20 transfer, its receipt and its state diff. */
export const erc20TransferMiniBlock: MiniBlock = {
  number: 1_234_567n,
  blockNumber: 1_235n,
  indexInBlock: 417,
  firstTxIndex: 2_901,
  timestampUs: 1_767_225_600_123_456n,
  gasUsed: 51_234n,
  transactions: [{ raw: bytes('raw tx', 114), hash: bytes('tx hash', 32), from: sender }],
  receipts: [
    {
      status: 1,
      gasUsed: 51_234n,
      cumulativeGasUsed: 148_602_713n,
      effectiveGasPrice: 1_000_000_075n,
      logs: [
        { address: token, topics: [transferTopic, word(sender), word(recipient)], data: bigWord(amount) },
      ],
    },
  ],
  stateDiff: { accounts: [...erc20SenderAndToken, erc20Coinbase] },
}

function bigWord(value: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 31; i >= 0 && value > 0n; i--) {
    out[i] = Number(value & 0xffn)
    value >>= 8n
  }
  return out
}
