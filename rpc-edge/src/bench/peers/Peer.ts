import type { PeerProcess } from './peerProcess.ts'

/** A chain under test, as the benchmark reaches it over JSON-RPC. */
export type Peer = {
  name: string
  url: string
  wsUrl: string
  /** Decided on the first transaction: the peer's own sync send, or send + poll the receipt. */
  route?: 'sync' | 'poll'
  /** The dev method that sets a balance, where the benchmark uses one; transfers from the dev accounts otherwise. */
  setBalanceMethod?: 'anvil_setBalance' | 'hardhat_setBalance'
}

/** How to get a fresh instance of a peer that runs as its own process (anvil, Hardhat). */
export type PeerLauncher = {
  name: string
  setBalanceMethod: NonNullable<Peer['setBalanceMethod']>
  start(): Promise<PeerProcess>
}

/** A running peer process and the `Peer` the measurements use. */
export type RunningPeer = { peer: Peer; process: PeerProcess }

export async function launch(launcher: PeerLauncher): Promise<RunningPeer> {
  const process = await launcher.start()
  return {
    peer: {
      name: launcher.name,
      url: process.url,
      wsUrl: process.wsUrl,
      setBalanceMethod: launcher.setBalanceMethod,
    },
    process,
  }
}

export const routeLabel = (peer: Peer) =>
  peer.route === 'sync' ? 'eth_sendRawTransactionSync' : 'eth_sendRawTransaction + receipt polling'
