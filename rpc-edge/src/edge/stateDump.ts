import { createGunzip, gzipSync } from 'node:zlib'
import { ErrorCode, type LoadedAccount, RtevmError } from '@rtevm/protocol'
import { bytesToHex, hexToBytes } from 'viem'
import { quantityHex } from '../format/index.ts'

/**
 * rtevm's state dump, version 1: gzip of newline-separated JSON. The first
 * line is the header (`format: "rtevm-state"`, `version`, chain id, block,
 * account count); each further line is one account (`address`, `nonce`,
 * `balance`, `code`, `storage: {slot: value}`, all hex). One account per line
 * lets a load apply accounts as they are decompressed, never holding the
 * whole state twice. A reader refuses versions newer than it knows; a newer
 * writer keeps every field of version 1 and adds, so older dumps keep loading.
 */
export const STATE_DUMP_FORMAT = 'rtevm-state'
export const STATE_DUMP_VERSION = 1

/** Slots per part of one account's load: 512 × 64 B stays far below the link's frame limit. */
const SLOTS_PER_PART = 512

export type DumpHeader = { chainId: bigint; block: bigint; blockHash: Uint8Array }

/** The account records a dump is written from (the replica's state, read in one synchronous pass). */
export type DumpSource = {
  accounts(): Iterable<{
    address: Uint8Array
    nonce: bigint
    balance: bigint
    code: Uint8Array
    storage: Iterable<[Uint8Array, bigint]>
  }>
  count(): number
}

/** Writes a dump; the account lines are joined in chunks so no single string grows with the state. */
export function writeStateDump(header: DumpHeader, source: DumpSource): Uint8Array {
  const lines: string[] = [
    JSON.stringify({
      format: STATE_DUMP_FORMAT,
      version: STATE_DUMP_VERSION,
      chainId: quantityHex(header.chainId),
      block: quantityHex(header.block),
      blockHash: bytesToHex(header.blockHash),
      accounts: source.count(),
    }),
  ]
  for (const account of source.accounts()) {
    const storage: Record<string, string> = {}
    for (const [slot, value] of account.storage) storage[bytesToHex(slot)] = quantityHex(value)
    lines.push(
      JSON.stringify({
        address: bytesToHex(account.address),
        nonce: quantityHex(account.nonce),
        balance: quantityHex(account.balance),
        code: bytesToHex(account.code),
        storage,
      }),
    )
  }
  return gzipSync(`${lines.join('\n')}\n`)
}

/**
 * Reads a dump as it decompresses and hands its accounts over in batches of
 * at most `batchBytes` (roughly, as encoded). Takes rtevm's format (any
 * version up to this one) and anvil's `anvil_dumpState` JSON (its `accounts`
 * map), gzipped or not. Throws -32602 naming what is wrong.
 */
export async function readStateDump(
  bytes: Uint8Array,
  onBatch: (accounts: LoadedAccount[]) => Promise<void>,
  batchBytes = 64 * 1024,
): Promise<number> {
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b
  const text = gzipped ? decompressed(bytes) : single(Buffer.from(bytes).toString('utf8'))
  let batch: LoadedAccount[] = []
  let size = 0
  let loaded = 0
  const flush = async () => {
    if (batch.length === 0) return
    const sending = batch
    batch = []
    size = 0
    await onBatch(sending)
  }
  const push = async (account: LoadedAccount) => {
    batch.push(account)
    size += 64 + (account.code?.length ?? 0) + 64 * account.storage.length
    if (size >= batchBytes) await flush()
  }
  const add = async (account: LoadedAccount) => {
    loaded++
    // A load merges slots, so a large storage goes over in parts, each within a batch.
    const { storage, ...fields } = account
    await push({ ...fields, storage: storage.slice(0, SLOTS_PER_PART) })
    for (let from = SLOTS_PER_PART; from < storage.length; from += SLOTS_PER_PART) {
      const { code: _code, ...rest } = fields
      await push({ ...rest, storage: storage.slice(from, from + SLOTS_PER_PART) })
    }
  }

  let first = true
  let pending = ''
  let anvil: string | undefined
  for await (const chunk of text) {
    if (anvil !== undefined) {
      anvil += chunk
      continue
    }
    pending += chunk
    let newline = pending.indexOf('\n')
    if (first && newline < 0 && !looksLikeHeader(pending)) {
      // Not line-delimited: anvil's single JSON object, read whole.
      anvil = pending
      continue
    }
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim()
      pending = pending.slice(newline + 1)
      if (line.length > 0) {
        if (first) {
          if (!looksLikeHeader(line)) {
            anvil = `${line}\n${pending}`
            pending = ''
            break
          }
          checkHeader(line)
          first = false
        } else await add(accountOf(JSON.parse(line), 'account'))
      }
      newline = pending.indexOf('\n')
    }
  }
  if (anvil !== undefined) {
    for (const account of anvilAccounts(anvil)) await add(account)
  } else if (pending.trim().length > 0) {
    if (first) checkHeader(pending.trim())
    else await add(accountOf(JSON.parse(pending), 'account'))
  } else if (first) throw invalid('the dump is empty')
  await flush()
  return loaded
}

async function* decompressed(bytes: Uint8Array): AsyncGenerator<string> {
  const gunzip = createGunzip()
  gunzip.end(bytes)
  gunzip.setEncoding('utf8')
  try {
    for await (const chunk of gunzip) yield chunk as string
  } catch (cause) {
    throw invalid(`the dump does not decompress: ${(cause as Error).message}`)
  }
}

async function* single(text: string): AsyncGenerator<string> {
  yield text
}

function looksLikeHeader(text: string): boolean {
  return text.includes(`"format":"${STATE_DUMP_FORMAT}"`)
}

function checkHeader(line: string) {
  const header = parse(line) as { format?: unknown; version?: unknown }
  if (header.format !== STATE_DUMP_FORMAT) throw invalid('the first line is not an rtevm state dump header')
  if (typeof header.version !== 'number' || header.version > STATE_DUMP_VERSION) {
    throw invalid(
      `the dump is version ${String(header.version)}; this rtevm reads versions up to ${STATE_DUMP_VERSION}`,
    )
  }
}

/** anvil's dump: `{ accounts: { "0x…": { nonce, balance, code, storage } }, … }` (other fields ignored). */
function* anvilAccounts(text: string): Generator<LoadedAccount> {
  const dump = parse(text) as { accounts?: unknown }
  if (typeof dump.accounts !== 'object' || dump.accounts === null) {
    throw invalid('neither an rtevm state dump nor an anvil dump with an "accounts" object')
  }
  for (const [address, fields] of Object.entries(dump.accounts as Record<string, unknown>)) {
    yield accountOf({ ...(fields as object), address }, `account ${address}`)
  }
}

function accountOf(raw: unknown, what: string): LoadedAccount {
  if (typeof raw !== 'object' || raw === null) throw invalid(`${what} is not an object`)
  const o = raw as Record<string, unknown>
  const address = hexField(o.address, `${what}.address`, 20)
  const storage = Object.entries((o.storage ?? {}) as Record<string, unknown>).map(([slot, value]) => ({
    slot: slotBytes(slot, `${what}.storage slot`),
    value: quantity(value, `${what}.storage value`),
  }))
  const account: LoadedAccount = {
    address,
    nonce: quantity(o.nonce ?? 0, `${what}.nonce`),
    balance: quantity(o.balance ?? 0, `${what}.balance`),
    storage,
  }
  if (o.code !== undefined && o.code !== null) account.code = hexField(o.code, `${what}.code`)
  return account
}

function hexField(value: unknown, what: string, size?: number): Uint8Array {
  if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value))
    throw invalid(`${what} is not hex data`)
  const bytes = hexToBytes(value as `0x${string}`)
  if (size !== undefined && bytes.length !== size) throw invalid(`${what} is not ${size} bytes`)
  return bytes
}

/** A storage key as a 32-byte word, whether written padded or as a quantity. */
function slotBytes(key: string, what: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(key)) throw invalid(`${what} ${key} is not a 32-byte word`)
  return hexToBytes(`0x${key.slice(2).padStart(64, '0')}`)
}

/** A quantity as hex (anvil writes balances so) or a JSON number (anvil writes nonces so). */
function quantity(value: unknown, what: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value)
  throw invalid(`${what} is not a quantity`)
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw invalid('the dump is not JSON')
  }
}

const invalid = (message: string) =>
  new RtevmError(ErrorCode.MalformedInput, `invalid state dump: ${message}`)
