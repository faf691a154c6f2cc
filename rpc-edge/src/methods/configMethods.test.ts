import { hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { createConfigMethods } from './createConfigMethods.ts'

const MAINNET_GENESIS = hexToBytes('0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3')

describe('eth_config', () => {
  it('describes Prague from genesis: fork id from the genesis hash alone, precompiles 0x01…0x11, no next fork', async () => {
    const methods = createConfigMethods({ chainId: 31337n, genesisHash: MAINNET_GENESIS })
    const config = (await methods.eth_config.handler([], {} as never)) as {
      current: Record<string, unknown> & { precompiles: Record<string, string> }
      next: unknown
      last: unknown
    }
    // EIP-2124's own vector: mainnet's genesis with no fork passed checksums to 0xfc64ec04.
    expect(config.current.forkId).toBe('0xfc64ec04')
    expect(config.current).toMatchObject({
      activationTime: 0,
      chainId: '0x7a69',
      blobSchedule: { baseFeeUpdateFraction: 5_007_716, max: 9, target: 6 },
      systemContracts: {},
    })
    expect(Object.keys(config.current.precompiles)).toHaveLength(17)
    expect(config.current.precompiles.ECREC).toBe('0x0000000000000000000000000000000000000001')
    expect(config.current.precompiles.BLS12_MAP_FP2_TO_G2).toBe('0x0000000000000000000000000000000000000011')
    expect([config.next, config.last]).toEqual([null, null])
  })
})
