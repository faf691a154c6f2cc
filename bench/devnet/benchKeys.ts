import { createSenders, type TxSigner } from '@rtevm/testkit'

/**
 * Fresh keys, the same on every chain: the sequential sender and its recipient, and one set per
 * pipelined run, so each run starts from nonce 0 whatever the previous one left pending.
 */
export const sequentialKeys = (): TxSigner[] => createSenders(2, 0n, 101).signers
export const pipelinedKeys = (count: number, run: number): TxSigner[] =>
  createSenders(count, 0n, 200 + run).signers
