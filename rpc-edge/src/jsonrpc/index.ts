export { type CallClient, type CallGate, callClient } from './CallGate.ts'
export type { ConnectionSubscriptions } from './ConnectionSubscriptions.ts'
export {
  type CallObserver,
  type CallSource,
  createDispatcher,
  type Dispatcher,
  type DispatcherOptions,
  runAfterReply,
  type SnapshotHold,
} from './createDispatcher.ts'
export { EncodedResult } from './EncodedResult.ts'
export { type JsonRpcId, type JsonRpcRequest, type JsonRpcResponse, validateRequest } from './envelope.ts'
export { type Method, type MethodTable, method, type RequestContext } from './MethodTable.ts'
export {
  describe,
  expected,
  field,
  type Param,
  ParamShapeError,
  type ParamsOf,
  type ParamsSpec,
  parseParams,
} from './Param.ts'
export {
  address,
  type BlockTag,
  blockNumberOrTag,
  blockTag,
  boolean,
  data,
  hash32,
  integer,
  type NamedBlockTag,
  object,
  optional,
  parseQuantity,
  quantity,
} from './params.ts'
