'use client'

import { useEffect, useState } from 'react'
import { formatEther, type Hex, hexToBigInt, numberToHex } from 'viem'
import { useAccount, useConnect, useDisconnect } from 'wagmi'
import { messageOf } from '../errors.ts'
import { isReservedAccount } from '../wallet/accountRoles.ts'
import { DEV_ACCOUNT_COUNT } from '../wallet/createDevWallet.ts'
import { usePlayground } from './PlaygroundProvider.tsx'
import { shortHex } from './shortHex.ts'

type Eip1193 = { request(args: { method: string; params?: unknown[] }): Promise<unknown> }

/** Which account signs: a dev account (picked per tab) or a connected injected wallet. */
export function WalletBar() {
  const { config, online, accountIndex, setAccountIndex, signer, socket } = usePlayground()
  const injected = useAccount()
  const { connectors, connectAsync } = useConnect()
  const { disconnect } = useDisconnect()
  const [balance, setBalance] = useState<bigint>()
  const [error, setError] = useState<string>()
  const [hasInjected, setHasInjected] = useState(false)

  useEffect(() => setHasInjected(typeof window !== 'undefined' && 'ethereum' in window), [])
  useEffect(() => {
    if (!signer) return
    let stopped = false
    const read = () =>
      socket
        .request<Hex>('eth_getBalance', [signer.address, 'latest'])
        .then((value) => !stopped && setBalance(hexToBigInt(value)))
        .catch(() => {})
    void read()
    const timer = setInterval(read, 1_000)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [signer, socket])

  async function connectInjected() {
    setError(undefined)
    try {
      const connector = connectors.find((c) => c.type === 'injected')
      if (!connector) throw new Error('no injected wallet in this browser')
      await addNetwork(connector.getProvider() as Promise<Eip1193>)
      await connectAsync({ connector, chainId: config.chainId })
    } catch (cause) {
      setError(messageOf(cause))
    }
  }

  async function addNetwork(providerPromise: Promise<Eip1193>) {
    const provider = await providerPromise
    // wallet_addEthereumChain also switches to the chain in MetaMask and most others.
    await provider.request({
      method: 'wallet_addEthereumChain',
      params: [
        {
          chainId: numberToHex(config.chainId),
          chainName: 'rtevm devnet',
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          rpcUrls: [config.rpcUrl],
        },
      ],
    })
  }

  // Bots' and the deployer's accounts are not offered: a tab would race their nonces.
  const choices = Array.from({ length: DEV_ACCOUNT_COUNT }, (_, i) => i).filter((i) => !isReservedAccount(i))
  return (
    <div className="wallet-bar">
      <span
        className={online ? 'dot online' : 'dot offline'}
        title={online ? 'edge connected' : 'edge offline'}
      />
      {injected.status === 'connected' ? (
        <>
          <span>
            Injected wallet <code>{shortHex(injected.address)}</code>
          </span>
          <button type="button" onClick={() => disconnect()}>
            Use dev wallet
          </button>
        </>
      ) : (
        <>
          <label>
            Dev account{' '}
            <select
              data-testid="account-picker"
              value={accountIndex}
              onChange={(event) => setAccountIndex(Number(event.target.value))}
            >
              {choices.map((i) => (
                <option key={i} value={i}>
                  #{i}
                </option>
              ))}
            </select>
          </label>
          {/* Only the chosen account is derived: each derivation is tens of ms of hashing. */}
          <code data-testid="dev-address">{shortHex(signer?.address)}</code>
          {hasInjected && (
            <button type="button" onClick={connectInjected}>
              Connect injected wallet (adds the network)
            </button>
          )}
        </>
      )}
      <span data-testid="eth-balance">
        {balance === undefined ? '…' : `${Number(formatEther(balance)).toFixed(4)} ETH`}
      </span>
      {error && <span className="error">{error}</span>}
    </div>
  )
}
