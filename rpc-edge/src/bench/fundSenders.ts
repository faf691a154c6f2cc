import { createTxSigner, type TxSigner } from '@rtevm/testkit'
import { toHex } from 'viem'
import { CHAIN_ID, devAccounts, fees, log } from './benchChain.ts'
import type { Peer } from './peers/Peer.ts'
import { nonceOf, sendAndWait } from './peers/sendAndWait.ts'
import { connectWs } from './rpcClients.ts'

/**
 * 100 ETH each: by the peer's set-balance dev method where the benchmark uses
 * one (anvil has only 10 dev accounts), by transfers from the 20 dev accounts otherwise.
 */
export async function fundSenders(peer: Peer, senders: readonly TxSigner[]): Promise<void> {
  const client = await connectWs(peer.wsUrl)
  try {
    const amount = 100n * 10n ** 18n
    const setBalance = peer.setBalanceMethod
    if (setBalance) {
      await Promise.all(senders.map((s) => client.call(setBalance, [s.address, toHex(amount)])))
    } else {
      const funders = devAccounts.map((a) => createTxSigner(a.privateKey, a.address, BigInt(CHAIN_ID)))
      const nonces = await Promise.all(funders.map((f) => nonceOf(client, f.address)))
      for (let i = 0; i < senders.length; i++) {
        const f = i % funders.length
        const raw = funders[f].sign({
          nonce: nonces[f]++,
          to: senders[i].address,
          value: amount,
          gasLimit: 21_000n,
          ...fees,
        })
        const receipt = await sendAndWait(peer, client, toHex(raw))
        if (receipt.status !== '0x1') throw new Error(`${peer.name}: funding transfer ${i} reverted`)
      }
    }
    log(`${peer.name}: funded ${senders.length} senders (${setBalance ?? 'transfers from the dev accounts'})`)
  } finally {
    await client.close()
  }
}
