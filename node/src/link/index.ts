export { LinkCloseCode } from './closeCodes.ts'
export {
  createLinkClient,
  fetchGenesis,
  type LinkClient,
  type LinkClientOptions,
} from './createLinkClient.ts'
export {
  createLinkServer,
  type LinkBackend,
  type LinkServer,
  type LinkServerOptions,
} from './createLinkServer.ts'
export { LinkClosedError, LinkListenError, LinkSequenceError } from './errors.ts'
export { listenExclusive } from './listenExclusive.ts'
export { defaultReconnect, type ReconnectOptions } from './reconnectDelay.ts'
