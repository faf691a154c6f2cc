import { mnemonicToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { deriveDevAccounts } from './devAccounts.ts'

describe('deriveDevAccounts', () => {
  it("derives anvil's and Hardhat's dev accounts from their mnemonic", () => {
    const [first] = deriveDevAccounts('test test test test test test test test test test test junk', 1)
    expect(first).toEqual({
      address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    })
  })

  it('matches BIP-32/44 as viem derives it, for any mnemonic and index', () => {
    const mnemonic = 'legal winner thank year wave sausage worth useful legal winner thank yellow'
    const accounts = deriveDevAccounts(mnemonic, 25)
    for (const [index, account] of accounts.entries()) {
      expect(account.address).toBe(mnemonicToAccount(mnemonic, { addressIndex: index }).address)
    }
    const viemKey = mnemonicToAccount(mnemonic, { addressIndex: 24 }).getHdKey().privateKey
    expect(accounts[24].privateKey).toBe(`0x${Buffer.from(viemKey!).toString('hex')}`)
  })
})
