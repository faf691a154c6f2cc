'use client'

import { useEffect, useRef, useState } from 'react'
import type { Abi, AbiParameter, Address } from 'viem'
import { encodeDeployData } from 'viem'
import { messageOf } from '../errors.ts'
import { subscribeLogs } from '../rpc/subscribeLogs.ts'
import { usePlayground } from '../shell/PlaygroundProvider.tsx'
import { ContractFunctions, positional, stringify } from './ContractFunctions.tsx'
import { type Compilation, createSolcWorker, type SolcWorker } from './createSolcWorker.ts'
import { parseAbiArgument } from './parseAbiArgument.ts'

const SAMPLE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Counter {
    uint256 public count;
    event Incremented(address indexed by, uint256 count);

    constructor(uint256 start) {
        count = start;
    }

    function increment(uint256 by) external {
        count += by;
        emit Incremented(msg.sender, count);
    }
}
`
const MAX_EVENTS = 200

type Deployed = { name: string; address: Address; abi: Abi }

export function ContractPage() {
  const { socket, signer } = usePlayground()
  const [source, setSource] = useState(SAMPLE)
  const [compilation, setCompilation] = useState<Compilation>()
  const [selected, setSelected] = useState(0)
  const [ctorArgs, setCtorArgs] = useState<string[]>([])
  const [status, setStatus] = useState<string>()
  const [error, setError] = useState<string>()
  const [deployed, setDeployed] = useState<Deployed>()
  const [events, setEvents] = useState<{ key: string; text: string }[]>([])
  const worker = useRef<SolcWorker>(undefined)

  useEffect(
    () => () => {
      worker.current?.terminate()
      worker.current = undefined
    },
    [],
  )

  // The deployed contract's events, per mini-block.
  useEffect(() => {
    if (!deployed) return
    setEvents([])
    return subscribeLogs(socket, { address: deployed.address, abi: deployed.abi }, (logs) => {
      const lines = logs.map(({ eventName, args, log }) => ({
        key: `${log.transactionHash}:${log.logIndex ?? Math.random()}`,
        text: `${eventName} ${stringify(args)}`,
      }))
      setEvents((all) => [...lines.reverse(), ...all].slice(0, MAX_EVENTS))
    })
  }, [socket, deployed])

  const contract = compilation?.contracts[selected]
  const ctor = contract?.abi.find((item) => item.type === 'constructor') as
    | { inputs: readonly AbiParameter[] }
    | undefined

  async function compile() {
    setError(undefined)
    setStatus('compiling (the first compile loads the compiler)…')
    const started = performance.now()
    try {
      worker.current ??= createSolcWorker()
      const result = await worker.current.compile(source)
      if (result.contracts.length === 0) throw new Error('no contract in the source')
      setCompilation(result)
      setSelected(result.contracts.length - 1)
      setCtorArgs([])
      setStatus(`compiled with solc ${result.version} in ${(performance.now() - started).toFixed(0)} ms`)
    } catch (cause) {
      // A failed compile leaves nothing to deploy: never the previous source's bytecode.
      setCompilation(undefined)
      setStatus(undefined)
      setError(messageOf(cause))
    }
  }

  async function deploy() {
    setError(undefined)
    try {
      if (!contract || !signer) throw new Error('compile first')
      if (contract.bytecode === '0x') throw new Error(`${contract.name} is abstract or an interface`)
      const args = (ctor?.inputs ?? []).map((param, i) => parseAbiArgument(param, ctorArgs[i] ?? ''))
      const data = encodeDeployData({ abi: contract.abi, bytecode: contract.bytecode, args })
      setStatus(`deploying ${contract.name}…`)
      const sent = await signer.send({ data })
      const address = sent.receipt.contractAddress
      if (sent.receipt.status !== '0x1' || !address) throw new Error('the deployment reverted')
      setDeployed({ name: contract.name, address, abi: contract.abi })
      setStatus(`deployed ${contract.name} in ${(sent.receivedAt - sent.sentAt).toFixed(1)} ms`)
    } catch (cause) {
      setError(messageOf(cause))
    }
  }

  return (
    <div className="grid">
      <div className="panel">
        <h2>Source</h2>
        <textarea
          value={source}
          onChange={(e) => setSource(e.target.value)}
          spellCheck={false}
          data-testid="byoc-source"
        />
        <div className="row">
          <button type="button" onClick={compile} data-testid="byoc-compile">
            Compile
          </button>
          {compilation && (
            <select
              value={selected}
              onChange={(e) => setSelected(Number(e.target.value))}
              data-testid="byoc-contract"
            >
              {compilation.contracts.map((c, i) => (
                <option key={c.name} value={i}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
          {positional(ctor?.inputs ?? []).map(({ param, i, id }) => (
            <input
              key={id}
              placeholder={`${param.type} ${param.name ?? ''}`}
              value={ctorArgs[i] ?? ''}
              onChange={(e) => setCtorArgs((all) => Object.assign([...all], { [i]: e.target.value }))}
              data-testid={`byoc-ctor-arg-${i}`}
            />
          ))}
          <button type="button" onClick={deploy} disabled={!contract || !signer} data-testid="byoc-deploy">
            Deploy
          </button>
        </div>
        {status && (
          <p className="muted" data-testid="byoc-status">
            {status}
          </p>
        )}
        {compilation?.warnings.map((w) => (
          <pre key={w} className="muted">
            {w}
          </pre>
        ))}
        {error && (
          <pre className="error" data-testid="byoc-error">
            {error}
          </pre>
        )}
      </div>
      {deployed && (
        <div className="panel">
          <h2>
            {deployed.name} at <code data-testid="byoc-address">{deployed.address}</code>
          </h2>
          <ContractFunctions abi={deployed.abi} address={deployed.address} socket={socket} signer={signer} />
          <h2>Events</h2>
          <div className="log" data-testid="byoc-events">
            {events.map((e) => (
              <div key={e.key} data-testid="byoc-event">
                {e.text}
              </div>
            ))}
            {events.length === 0 && <span className="muted">No events yet.</span>}
          </div>
        </div>
      )}
    </div>
  )
}
