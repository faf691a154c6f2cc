export type {
  AccountDiff,
  Block,
  BlockHeader,
  Log,
  MiniBlock,
  Receipt,
  Rewind,
  SealedTransaction,
  StateDiff,
  StorageChange,
  StreamEvent,
} from './chain.ts'
export type { DataAvailability } from './dataAvailability.ts'
export type {
  DevAccount,
  DevCommand,
  DevControl,
  DevResult,
  LoadedAccount,
  ReorgTransaction,
} from './dev.ts'
export type { ChainGenesis, GenesisAlloc } from './genesis.ts'
export type { LinkRequest, LinkResponse, LinkRole } from './link.ts'
export type { SequencerStamps, TxInclusion } from './txInclusion.ts'
export type { Attestation, UnsignedAttestation, Witness, WitnessAccount } from './witness.ts'
