// Benchmarks of this package, run by the repository's `pnpm bench`.

// The peers and the thin JSON-RPC client, shared with the repository's devnet benchmark (bench/devnet/).
export { CHAIN_ID, fees } from './bench/benchChain.ts'
export { benchEdge } from './bench/benchEdge.ts'
export { benchFanout, FANOUT_STEPS, type FanoutStep } from './bench/fanout/benchFanout.ts'
export { startAnvil } from './bench/peers/anvilPeer.ts'
export { startHardhat } from './bench/peers/hardhatPeer.ts'
export { launch, type Peer, type PeerLauncher, type RunningPeer, routeLabel } from './bench/peers/Peer.ts'
export type { PeerProcess } from './bench/peers/peerProcess.ts'
export { nonceOf, type Receipt, sendAndWait } from './bench/peers/sendAndWait.ts'
export { percentile } from './bench/percentile.ts'
export { benchReadLoad } from './bench/readload/benchReadLoad.ts'
export { connectHttp, connectWs, RpcCallError, type RpcClient } from './bench/rpcClients.ts'
