'use client'

import type { RealtimeSocket } from '@rtevm/client'
import { useState } from 'react'
import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  type Address,
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
  parseEther,
} from 'viem'
import { messageOf } from '../errors.ts'
import type { Signer } from '../wallet/Signer.ts'
import { parseAbiArgument } from './parseAbiArgument.ts'

/** One form per function of the ABI: views are `eth_call`s, the rest transactions from the signer. */
export function ContractFunctions({
  abi,
  address,
  socket,
  signer,
}: {
  abi: Abi
  address: Address
  socket: RealtimeSocket
  signer?: Signer
}) {
  const functions = abi.filter((item): item is AbiFunction => item.type === 'function')
  return (
    <div>
      {functions.map((fn) => (
        <FunctionForm key={signature(fn)} fn={fn} address={address} socket={socket} signer={signer} />
      ))}
    </div>
  )
}

function signature(fn: AbiFunction): string {
  return `${fn.name}(${fn.inputs.map((i) => i.type).join(',')})`
}

function FunctionForm({
  fn,
  address,
  socket,
  signer,
}: {
  fn: AbiFunction
  address: Address
  socket: RealtimeSocket
  signer?: Signer
}) {
  const [inputs, setInputs] = useState<string[]>(() => fn.inputs.map(() => ''))
  const [value, setValue] = useState('')
  const [result, setResult] = useState<string>()
  const [error, setError] = useState<string>()
  const isRead = fn.stateMutability === 'view' || fn.stateMutability === 'pure'

  async function run() {
    setError(undefined)
    setResult(undefined)
    try {
      const args = fn.inputs.map((param, i) => parseAbiArgument(param, inputs[i]))
      const data = encodeFunctionData({ abi: [fn], functionName: fn.name, args })
      if (isRead) {
        const raw = await socket.request<Hex>('eth_call', [{ to: address, data }, 'latest'])
        const decoded = decodeFunctionResult({ abi: [fn], functionName: fn.name, data: raw })
        setResult(stringify(decoded))
        return
      }
      if (!signer) throw new Error('no wallet yet')
      const sent = await signer.send({
        to: address,
        data,
        value: fn.stateMutability === 'payable' && value ? parseEther(value) : undefined,
      })
      const ms = (sent.receivedAt - sent.sentAt).toFixed(1)
      setResult(`${sent.receipt.status === '0x1' ? 'ok' : 'reverted'} in ${ms} ms · ${sent.hash}`)
    } catch (cause) {
      setError(messageOf(cause))
    }
  }

  return (
    <div className="fn" data-testid={`fn-${fn.name}`}>
      <div className="row">
        <code>{fn.name}</code>
        {positional(fn.inputs).map(({ param, i, id }) => (
          <input
            key={id}
            placeholder={`${param.type} ${param.name ?? ''}`}
            value={inputs[i]}
            onChange={(e) => setInputs((all) => all.map((v, j) => (j === i ? e.target.value : v)))}
            data-testid={`fn-${fn.name}-arg-${i}`}
          />
        ))}
        {fn.stateMutability === 'payable' && (
          <input placeholder="ETH value" value={value} onChange={(e) => setValue(e.target.value)} />
        )}
        <button type="button" onClick={run} data-testid={`fn-${fn.name}-run`}>
          {isRead ? 'Read' : 'Send'}
        </button>
      </div>
      {result !== undefined && (
        <div className="mono" data-testid={`fn-${fn.name}-result`}>
          {result}
        </div>
      )}
      {error && <div className="error">{error}</div>}
    </div>
  )
}

/** Results as JSON, with bigints in decimal. */
export function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'undefined'
}

/** ABI inputs with their position and a key for React (inputs are positional; names may be empty). */
export function positional(inputs: readonly AbiParameter[]) {
  return inputs.map((param, i) => ({ param, i, id: `${i}:${param.type}:${param.name ?? ''}` }))
}
