import type { RtevmError } from '@rtevm/protocol'
import {
  BaseError,
  bytesToHex,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  createPublicClient,
  erc20Abi,
  type Hex,
  hexToBytes,
  http,
} from 'viem'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import { TokenMetadataError, TokenMetadataQueueFullError } from './errors.ts'

export type TokenMetadataReaderOptions = {
  db: SqlDatabase
  /** JSON-RPC over HTTP (an rpc-edge) where `eth_call` reads the tokens. */
  rpcUrl: string
  /** Tokens read at once. Default 4. */
  concurrency?: number
  /** Tokens waiting to be read; past it new ones are dropped and reported. Default 10 000. */
  maxPending?: number
  /** Reads of a token whose code the RPC does not have yet (it lags the indexer) or that failed. Default 5. */
  attempts?: number
  /** Pause before the next attempt, times the attempt number. Default 200 ms. */
  retryDelayMs?: number
  onError?: (error: RtevmError) => void
}

export type TokenMetadataReader = {
  /** Queues tokens committed for the first time; returns at once. */
  enqueue(tokens: readonly Uint8Array[]): void
  /** Queues stored tokens with no metadata at all (a stop may have come between commit and read). */
  resume(): Promise<void>
  /** Resolves once nothing is queued or being read. */
  idle(): Promise<void>
  /** Stops taking tokens and waits for the reads in flight. */
  close(): Promise<void>
}

type Metadata = { name: string | null; symbol: string | null; decimals: number | null }

// Names and symbols are free text from contracts; keep what a UI can show.
const MAX_TEXT = 256

/**
 * Reads `name()`, `symbol()` and `decimals()` of new tokens with `eth_call`
 * and stores them on their `tokens` row. Runs beside the indexer, after the
 * commit that inserted the token, so a slow or absent RPC never holds up
 * indexing: at most `concurrency` tokens are read at once and at most
 * `maxPending` wait. A method the contract lacks (or that reverts) leaves its
 * column null; any other failure is reported and leaves the row as it was.
 */
export function createTokenMetadataReader(options: TokenMetadataReaderOptions): TokenMetadataReader {
  const concurrency = options.concurrency ?? 4
  const maxPending = options.maxPending ?? 10_000
  const attempts = options.attempts ?? 5
  const retryDelayMs = options.retryDelayMs ?? 200
  const client = createPublicClient({ transport: http(options.rpcUrl, { retryCount: 1 }) })
  // Invariant: a token is in at most one of `pending` and `reading`.
  const pending = new Set<Hex>()
  const reading = new Set<Hex>()
  const inFlight = new Set<Promise<void>>()
  let idleWaiters: Array<() => void> = []
  let closed = false

  function report(error: RtevmError): void {
    try {
      options.onError?.(error)
    } catch {
      // A throwing handler must not stop the reader.
    }
  }

  function enqueue(tokens: readonly Uint8Array[]): void {
    if (closed) return
    let dropped = 0
    for (const token of tokens) {
      const address = bytesToHex(token)
      if (pending.has(address) || reading.has(address)) continue
      if (pending.size >= maxPending) dropped++
      else pending.add(address)
    }
    if (dropped > 0) report(new TokenMetadataQueueFullError(maxPending, dropped))
    pump()
  }

  function pump(): void {
    while (!closed && inFlight.size < concurrency && pending.size > 0) {
      const address = pending.values().next().value as Hex
      pending.delete(address)
      reading.add(address)
      const task = readAndStore(address).finally(() => {
        reading.delete(address)
        inFlight.delete(task)
        pump()
        if (inFlight.size === 0 && pending.size === 0) {
          for (const resolve of idleWaiters.splice(0)) resolve()
        }
      })
      inFlight.add(task)
    }
  }

  /**
   * Retries while the RPC lacks the token's code (it lags the indexer) or a
   * read fails outright (a busy or restarting edge); reports the last failure.
   */
  async function readAndStore(address: Hex): Promise<void> {
    let failure: unknown
    for (let attempt = 1; attempt <= attempts && !closed; attempt++) {
      try {
        const code = await client.getCode({ address })
        if (code && code !== '0x') {
          const metadata = await read(address)
          await options.db.query(
            'update tokens set name = $2, symbol = $3, decimals = $4 where address = $1',
            [hexToBytes(address), metadata.name, metadata.symbol, metadata.decimals],
          )
          return
        }
        failure = undefined
      } catch (error) {
        failure = error
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt))
    }
    if (failure !== undefined) report(new TokenMetadataError(address, { cause: failure }))
  }

  async function read(address: Hex): Promise<Metadata> {
    const [name, symbol, decimals] = await Promise.all([
      call(address, 'name'),
      call(address, 'symbol'),
      call(address, 'decimals'),
    ])
    return {
      name: typeof name === 'string' ? text(name) : null,
      symbol: typeof symbol === 'string' ? text(symbol) : null,
      decimals:
        typeof decimals === 'number' && Number.isInteger(decimals) && decimals <= 255 ? decimals : null,
    }
  }

  /** One view call; undefined when the contract has no such method or it reverts. */
  async function call(address: Hex, functionName: 'name' | 'symbol' | 'decimals'): Promise<unknown> {
    try {
      return await client.readContract({ address, abi: erc20Abi, functionName })
    } catch (error) {
      if (isAbsent(error)) return undefined
      throw error
    }
  }

  return {
    enqueue,
    async resume() {
      const { rows } = await options.db.query<{ address: Uint8Array }>(
        'select address from tokens where name is null and symbol is null and decimals is null limit $1',
        [maxPending],
      )
      enqueue(rows.map((row) => new Uint8Array(row.address)))
    },
    idle() {
      if (inFlight.size === 0 && pending.size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
    async close() {
      closed = true
      pending.clear()
      await Promise.allSettled(inFlight)
      for (const resolve of idleWaiters.splice(0)) resolve()
      idleWaiters = []
    },
  }
}

/** A missing method shows as empty return data, a revert, or return data that does not decode. */
function isAbsent(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  return Boolean(
    error.walk(
      (e) =>
        e instanceof ContractFunctionZeroDataError ||
        e instanceof ContractFunctionRevertedError ||
        (e instanceof BaseError && e.name === 'AbiDecodingDataSizeTooSmallError'),
    ),
  )
}

function text(value: string): string {
  return value.replaceAll('\u0000', '').slice(0, MAX_TEXT)
}
