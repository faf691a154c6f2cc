import {
  type Attestation,
  type BlockHeader,
  decodeWitness,
  ErrorCode,
  type StreamEvent,
} from '@rtevm/protocol'
import { loadGenesis } from '../genesis/index.ts'
import { createLinkClient, fetchGenesis, type LinkClient, type LinkClientOptions } from '../link/index.ts'
import { createVerifierPool, type VerifierPool } from './createVerifierPool.ts'
import { type BlockContents, createBlockGatherer } from './gatherBlock.ts'

/** Attempts to fetch a witness or deliver an attestation while the link is down, RETRY_DELAY_MS apart and growing. */
const RETRIES = 20
const RETRY_DELAY_MS = 100

export type VerifierNodeOptions = {
  /** `ws://host:port` of the sequencer's link (witnesses come from the sequencer). */
  upstreamUrl: string
  /** The key this verifier authenticates to the link with (roles follow and attest), and a `wss://` link's CA. */
  upstreamAccess?: Pick<LinkClientOptions, 'key' | 'ca'>
  signerKey: Uint8Array
  workers?: number
  /** Re-execute hot contract code compiled to JavaScript (see createVerifierPool). Default true. */
  compileContracts?: boolean
  /** Each attestation sent and accepted; failures to fetch, verify or send. */
  onAttestation?: (attestation: Attestation, finalized: bigint) => void
  onError?: (error: unknown) => void
}

/** The verifier pool as a service: follows the stream, verifies each block from its witness, attests. */
export type VerifierNode = {
  readonly pool: VerifierPool
  ready(): Promise<void>
  close(): Promise<void>
}

/**
 * Follows the sequencer's stream, gathers each EVM block's transactions from its
 * mini-blocks, fetches the block's witness over the link, verifies it on the
 * pool's worker threads — out of order, whichever finishes first — and sends
 * each signed attestation back to the sequencer, which turns the chain of ok
 * attestations into `finalized` for every follower.
 */
export async function createVerifierNode(options: VerifierNodeOptions): Promise<VerifierNode> {
  const report = options.onError ?? (() => {})
  const access = options.upstreamAccess ?? {}
  // The chain id comes with the genesis the sequencer serves; one whose root is not block 0's is refused.
  const genesis = await fetchGenesis(options.upstreamUrl, { onError: report, ...access })
  loadGenesis(genesis)
  const { chainId } = genesis
  // The first block seen (genesis on a fresh chain) is final by assumption; the rest are verified.
  let parent: BlockHeader | undefined
  let pool: VerifierPool | undefined
  const gatherer = createBlockGatherer()
  const control: LinkClient = createLinkClient({ url: options.upstreamUrl, onError: report, ...access })

  function onEvent(event: StreamEvent) {
    if (event.kind === 'miniBlock') {
      gatherer.addMiniBlock(event.miniBlock)
      return
    }
    if (event.kind === 'rewind') {
      // Abandoned blocks are not verified: the next block builds on the one rewound to.
      gatherer.take()
      if (parent) parent = event.rewind.block.header
      return
    }
    if (event.kind !== 'block') return
    const { header } = event.block
    const contents = gatherer.take()
    if (!parent || !pool) {
      parent = header
      pool = createVerifierPool({
        chainId,
        signerKey: options.signerKey,
        workers: options.workers,
        compileContracts: options.compileContracts,
        finalizedFrom: { number: header.number, stateRoot: header.stateRoot },
      })
      resolveStarted()
      return
    }
    const parentStateRoot = parent.stateRoot
    parent = header
    void verify(pool, header, parentStateRoot, contents)
  }

  async function verify(
    verifierPool: VerifierPool,
    header: BlockHeader,
    parentStateRoot: Uint8Array,
    { transactions, edits }: BlockContents,
  ) {
    try {
      const witness = decodeWitness(await retried(() => control.witness(header.number)))
      const attestation = await verifierPool.verify({
        header,
        parentStateRoot,
        transactions,
        edits,
        receiptsRoot: header.receiptsRoot,
        witness,
      })
      const { value: finalized } = await retried(() => control.attest(attestation))
      options.onAttestation?.(attestation, finalized)
    } catch (error) {
      report(error)
    }
  }

  /** Retries across a dropped link (the sequencer restarting): a lost attestation would stall finality for good. */
  async function retried<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request()
      } catch (error) {
        const code = (error as { code?: unknown }).code
        if (attempt >= RETRIES || code === ErrorCode.AttestationRejected || code === ErrorCode.NotFound)
          throw error
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt))
      }
    }
  }

  let resolveStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => {
    resolveStarted = resolve
  })
  // From the start of the retained stream: blocks whose witness the sequencer no longer keeps fail to fetch and are reported.
  // It works per block: mini-blocks come in batches, so it does not wake once per mini-block.
  const follower = createLinkClient({
    url: options.upstreamUrl,
    ...access,
    onError: report,
    onEvent,
    fromSeq: 1n,
    batchMs: VERIFIER_BATCH_MS,
  })
  await Promise.all([control.ready(), started])
  return {
    get pool() {
      return pool!
    },
    ready: async () => {
      await pool!.ready()
    },
    async close() {
      await follower.close()
      await control.close()
      await pool?.close()
    },
  }
}

/** How often the verifier takes the stream's new events: it verifies per block, once a second. */
const VERIFIER_BATCH_MS = 50
