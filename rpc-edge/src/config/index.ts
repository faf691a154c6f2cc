export { defaultRpcConfig, defineRpcConfig, type RpcConfig, type RpcConfigInput } from './RpcConfig.ts'
