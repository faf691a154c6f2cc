export { checkLinkConfig } from './checkLinkConfig.ts'
export { LinkCloseCode } from './closeCodes.ts'
export { createLinkClient } from './createLinkClient.ts'
export {
  createLinkServer,
  type LinkBackend,
  type LinkServer,
  type LinkServerOptions,
} from './createLinkServer.ts'
export {
  LinkClosedError,
  LinkConfigError,
  LinkForbiddenError,
  LinkListenError,
  LinkSequenceError,
  LinkUnauthorizedError,
} from './errors.ts'
export { fetchGenesis } from './fetchGenesis.ts'
export type { LinkClient, LinkClientOptions } from './LinkClient.ts'
export { type LinkKey, linkKeyFromPrivateKey, readLinkKey } from './linkKey.ts'
export { readLinkPeers } from './linkPeers.ts'
export { listenExclusive } from './listenExclusive.ts'
export { defaultReconnect, type ReconnectOptions } from './reconnectDelay.ts'
