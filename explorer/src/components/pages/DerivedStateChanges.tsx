import { formatEth, formatTokenAmount } from '../../format/formatters.ts'
import type { Transaction } from '../../graphql/types.ts'
import * as urls from '../../urls.ts'
import { HashLink } from '../common/HashLink.tsx'

type Change = { key: string; account: string; what: string; change: string }

/** The changes a transaction's own fields imply: nonce, value and fee, created contract, token balances. */
export function deriveStateChanges(tx: Transaction): Change[] {
  const changes: Change[] = []
  const value = BigInt(tx.value)
  const fee = BigInt(tx.fee)
  const moved = tx.status === 1 ? value : 0n
  const nonce = BigInt(tx.nonce)
  changes.push({ key: 'nonce', account: tx.from, what: 'nonce', change: `${nonce} → ${nonce + 1n}` })
  const toSelf = tx.to !== null && tx.to === tx.from
  changes.push({
    key: 'sender',
    account: tx.from,
    what: 'balance',
    change: `−${formatEth(toSelf ? fee : moved + fee, 18)}${toSelf ? ' (value to itself)' : ' (value + fee)'}`,
  })
  const recipient = tx.to ?? tx.contractAddress
  if (recipient && !toSelf && moved > 0n) {
    changes.push({
      key: 'recipient',
      account: recipient,
      what: 'balance',
      change: `+${formatEth(moved, 18)}`,
    })
  }
  if (tx.contractAddress && tx.status === 1) {
    changes.push({ key: 'created', account: tx.contractAddress, what: 'code', change: 'contract created' })
  }
  for (const t of tx.tokenTransfers) {
    const amount =
      t.token.standard === 'ERC721'
        ? `token #${t.tokenId ?? '?'}`
        : formatTokenAmount(t.value, t.token.decimals, t.token.symbol ?? t.token.address.slice(0, 10))
    const id = `${t.logIndex}`
    changes.push({
      key: `${id}-from`,
      account: t.from,
      what: `${t.token.symbol ?? 'token'} balance`,
      change: `−${amount}`,
    })
    changes.push({
      key: `${id}-to`,
      account: t.to,
      what: `${t.token.symbol ?? 'token'} balance`,
      change: `+${amount}`,
    })
  }
  return changes
}

/**
 * State changes as far as the receipt tells them, in the terms a user thinks in (value, fee, token
 * amounts); the state diff section beside it has the raw before and after from the edge's tracer.
 */
export function DerivedStateChanges({ tx }: { tx: Transaction }) {
  const changes = deriveStateChanges(tx)
  return (
    <div data-testid="state-changes">
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Account</th>
              <th>Field</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.key}>
                <td>
                  <HashLink href={urls.address(c.account)} value={c.account} />
                </td>
                <td>{c.what}</td>
                <td className="mono">{c.change}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        Derived from the transaction and its receipt (nonce, value, fee, token transfers). The exact balances,
        nonces and storage slots before and after are in the state diff below.
      </p>
    </div>
  )
}
