export {
  type ClientLimit,
  FilterNotFoundError,
  InvalidConfigError,
  InvalidParamsError,
  InvalidRequestError,
  LimitExceededError,
  ListenError,
  MethodNotFoundError,
  ParseError,
  RateLimitedError,
} from './errors.ts'
export { JsonRpcCode, jsonRpcCodes } from './jsonRpcCodes.ts'
export { RpcErrorCode } from './RpcErrorCode.ts'
export { type JsonRpcErrorObject, toJsonRpcError } from './toJsonRpcError.ts'
