export { LinkCloseCode } from './closeCodes.ts'
export { createLinkClient } from './createLinkClient.ts'
export {
  createLinkServer,
  type LinkBackend,
  type LinkServer,
  type LinkServerOptions,
} from './createLinkServer.ts'
export { LinkClosedError, LinkListenError, LinkSequenceError } from './errors.ts'
export { fetchGenesis } from './fetchGenesis.ts'
export type { LinkClient, LinkClientOptions } from './LinkClient.ts'
export { listenExclusive } from './listenExclusive.ts'
export { defaultReconnect, type ReconnectOptions } from './reconnectDelay.ts'
