export { RpcCloseCode } from './closeCodes.ts'
export { createRpcServer, type RpcServer, type RpcServerOptions } from './createRpcServer.ts'
export type { HealthReport } from './createStatusApp.ts'
export { type FetchHandler, serveFetch } from './fetchBridge.ts'
