'use client'

import { useCallback, useState } from 'react'
import type { Hex, TransactionReceipt } from 'viem'
import {
  type SendRawTransactionSyncParameters,
  sendRawTransactionSync,
} from '../actions/sendRawTransactionSync.ts'
import { RealtimeClientError } from '../errors.ts'
import { type RealtimeClientParameter, useRealtimeClient } from './useRealtimeClient.ts'

export type UseSyncSendParameters = RealtimeClientParameter &
  Omit<SendRawTransactionSyncParameters, 'serializedTransaction'>

export type UseSyncSendReturnType = {
  /** Sends a signed transaction; resolves with its receipt (retries built in, see `sendRawTransactionSync`). */
  send(serializedTransaction: Hex): Promise<TransactionReceipt>
  /** The last send's receipt, error, and whether one is on its way. */
  receipt: TransactionReceipt | undefined
  error: Error | undefined
  isPending: boolean
}

/** `sendRawTransactionSync` with its last outcome in React state. */
export function useSyncSend(parameters: UseSyncSendParameters = {}): UseSyncSendReturnType {
  const client = useRealtimeClient(parameters)
  const { timeoutMs, retries, retryDelayMs, method } = parameters
  const [state, setState] = useState<Omit<UseSyncSendReturnType, 'send'>>({
    receipt: undefined,
    error: undefined,
    isPending: false,
  })
  const send = useCallback(
    async (serializedTransaction: Hex) => {
      if (!client) throw new RealtimeClientError('CLIENT_NO_CLIENT', 'useSyncSend has no client')
      setState((current) => ({ ...current, isPending: true }))
      try {
        const receipt = await sendRawTransactionSync(client, {
          serializedTransaction,
          timeoutMs,
          retries,
          retryDelayMs,
          method,
        })
        setState({ receipt, error: undefined, isPending: false })
        return receipt
      } catch (error) {
        setState({ receipt: undefined, error: error as Error, isPending: false })
        throw error
      }
    },
    [client, timeoutMs, retries, retryDelayMs, method],
  )
  return { ...state, send }
}
