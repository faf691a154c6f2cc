import type { ReactNode } from 'react'
import { compactWord, formatEth, formatEthDelta, shortHash } from '../../format/formatters.ts'
import { loadTrace, STATE_DIFF_TRACE } from '../../rpc/loadTrace.ts'
import { type AccountDiff, toStateDiff } from '../../trace/stateDiff.ts'
import * as urls from '../../urls.ts'
import { HashLink } from '../common/HashLink.tsx'
import { TraceUnavailable } from './TraceUnavailable.tsx'

type Row = { key: string; kind: string; field: ReactNode; before: string; after: string; change: string }

function rowsOf(account: AccountDiff): Row[] {
  const rows: Row[] = []
  const { balance, nonce, code } = account
  if (account.removed) {
    rows.push({
      key: 'removed',
      kind: 'account',
      field: 'account',
      before: '',
      after: '',
      change: 'self-destructed',
    })
  }
  if (balance) {
    rows.push({
      key: 'balance',
      kind: 'balance',
      field: 'balance',
      before: formatEth(balance.before, 18),
      after: formatEth(balance.after, 18),
      change: formatEthDelta(balance.delta, 18),
    })
  }
  if (nonce) {
    const step = nonce.after - nonce.before
    rows.push({
      key: 'nonce',
      kind: 'nonce',
      field: 'nonce',
      before: nonce.before.toString(),
      after: nonce.after.toString(),
      change: step > 0n ? `+${step}` : `${step}`,
    })
  }
  if (code) rows.push({ key: 'code', kind: 'code', field: 'code', before: '', after: '', change: code })
  for (const slot of account.storage) {
    rows.push({
      key: `slot-${slot.slot}`,
      kind: 'storage',
      field: (
        <>
          slot{' '}
          <span className="mono" title={slot.slot}>
            {shortHash(compactWord(slot.slot))}
          </span>
        </>
      ),
      before: compactWord(slot.before),
      after: compactWord(slot.after),
      change: '',
    })
  }
  return rows
}

/**
 * What the transaction changed, account by account, from geth's prestateTracer in diff mode
 * (re-run by the edge on request): balance before → after with the delta, nonce, code, and every
 * storage slot that changed. Balances include the fee the sender paid and what the block's
 * beneficiary received.
 */
export async function StateDiffSection({ hash }: { hash: string }) {
  const loaded = await loadTrace(hash, STATE_DIFF_TRACE, toStateDiff)
  return (
    <section className="panel" data-testid="state-diff-section">
      <h2>State diff</h2>
      {!loaded.ok ? (
        <TraceUnavailable error={loaded.error} what="state diff" />
      ) : loaded.data.length === 0 ? (
        <p className="empty">No state changed.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="state-diff">
            <thead>
              <tr>
                <th>Account</th>
                <th>Field</th>
                <th>Before</th>
                <th>After</th>
                <th>Change</th>
              </tr>
            </thead>
            {loaded.data.map((account) => {
              const rows = rowsOf(account)
              return (
                <tbody key={account.address} data-account={account.address} className="diff-account">
                  {rows.map((row, i) => (
                    <tr key={row.key} data-diff-row={row.kind}>
                      {i === 0 ? (
                        <td rowSpan={rows.length}>
                          <HashLink href={urls.address(account.address)} value={account.address} />
                        </td>
                      ) : null}
                      <td>{row.field}</td>
                      <td className="mono">{row.before}</td>
                      <td className="mono">{row.after}</td>
                      <td className="mono">{row.change}</td>
                    </tr>
                  ))}
                </tbody>
              )
            })}
          </table>
        </div>
      )}
    </section>
  )
}
