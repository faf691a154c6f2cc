import { crc32 } from 'node:zlib'
import { quantityHex } from '../format/index.ts'
import { type MethodTable, method } from '../jsonrpc/index.ts'

/** Prague's precompiles by EIP-7910's names, at 0x01 … 0x11. */
const PRECOMPILES = [
  'ECREC',
  'SHA256',
  'RIPEMD160',
  'ID',
  'MODEXP',
  'BN254_ADD',
  'BN254_MUL',
  'BN254_PAIRING',
  'BLAKE2F',
  'KZG_POINT_EVALUATION',
  'BLS12_G1ADD',
  'BLS12_G1MSM',
  'BLS12_G2ADD',
  'BLS12_G2MSM',
  'BLS12_PAIRING_CHECK',
  'BLS12_MAP_FP_TO_G1',
  'BLS12_MAP_FP2_TO_G2',
] as const

/** EIP-7691's Prague blob schedule: the fork's parameters, though this chain carries no blobs. */
const PRAGUE_BLOBS = { baseFeeUpdateFraction: 5_007_716, max: 9, target: 6 }

/**
 * `eth_config` (EIP-7910): the chain runs Prague from its genesis and schedules
 * no other fork, so `current` is Prague activated at time 0 and `next` and
 * `last` are null. The fork id (EIP-2124) is the CRC32 of the genesis hash
 * alone: forks active at genesis do not enter it. `systemContracts` is empty:
 * the sequencer makes none of Prague's system calls (beacon roots, block-hash
 * history, execution-layer requests), so no such contract takes part.
 */
export function createConfigMethods(deps: { chainId: bigint; genesisHash: Uint8Array }): MethodTable {
  const forkId = `0x${crc32(deps.genesisHash).toString(16).padStart(8, '0')}`
  const precompiles = Object.fromEntries(
    PRECOMPILES.map((name, i) => [name, `0x${(i + 1).toString(16).padStart(40, '0')}`]),
  )
  const current = {
    activationTime: 0,
    blobSchedule: PRAGUE_BLOBS,
    chainId: quantityHex(deps.chainId),
    forkId,
    precompiles,
    systemContracts: {},
  }
  return { eth_config: method([], () => ({ current, next: null, last: null })) }
}
