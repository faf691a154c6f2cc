export { attestationDigest, decodeAttestation, encodeAttestation } from './attestation.ts'
export { ByteReader } from './ByteReader.ts'
export { ByteWriter } from './ByteWriter.ts'
export { decodeBlock, encodeBlock } from './block.ts'
export { decodeBlockHeader, encodeBlockHeader, hashBlockHeader } from './blockHeader.ts'
export * from './compactDiff/index.ts'
export {
  COMPACT_EVENT_VERSION,
  type CompactStreamDecoder,
  type CompactStreamEncoder,
  createCompactStreamDecoder,
  createCompactStreamEncoder,
} from './compactStreamEvent.ts'
export { EncodeError } from './EncodeError.ts'
export { decodeGenesis, encodeGenesis } from './genesis.ts'
export { linkAuthMessage } from './linkAuthMessage.ts'
export { decodeLinkRequest, encodeLinkRequest } from './linkRequest.ts'
export {
  decodeLinkResponse,
  encodeCompactEventResponse,
  encodeEventResponse,
  encodeLinkResponse,
} from './linkResponse.ts'
export {
  ALL_LINK_ROLE_BITS,
  LINK_ROLES,
  linkRoleBit,
  linkRoleBits,
  linkRolesFromBits,
} from './linkRoles.ts'
export { decodeMiniBlock, encodeMiniBlock } from './miniBlock.ts'
export { decodeStateDiff, encodeStateDiff } from './stateDiff.ts'
export { decodeStreamEvent, encodeStreamEvent, peekStreamEvent } from './streamEvent.ts'
export { FORMAT_V1 } from './versioned.ts'
export {
  decodeWitness,
  encodeWitness,
  MAX_WITNESS_CODE_BYTES,
  MAX_WITNESS_NODE_BYTES,
} from './witness.ts'
