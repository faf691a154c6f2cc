import Link from 'next/link'
import type { DecodedCall } from '../../abi/createAbiRegistry.ts'
import * as urls from '../../urls.ts'

/** Calldata: decoded with a known ABI when one fits, raw hex always (folded). */
export function DecodedInput({ input, decoded }: { input: string; decoded: DecodedCall | null }) {
  if (input === '0x') return <p className="empty">No input data (a plain value transfer).</p>
  return (
    <div data-testid="decoded-input">
      {decoded ? (
        <>
          <p>
            <code>{decoded.functionName}</code> <span className="badge">{decoded.abiName}</span>
          </p>
          <ArgsTable args={decoded.args} />
        </>
      ) : (
        <p className="empty">No known ABI matches selector {input.slice(0, 10)}.</p>
      )}
      <details>
        <summary>Raw input ({(input.length - 2) / 2} bytes)</summary>
        <pre className="code">{input}</pre>
      </details>
    </div>
  )
}

export function ArgsTable({ args }: { args: readonly { name: string; type: string; value: string }[] }) {
  return (
    <div className="table-scroll">
      <table className="args">
        <tbody>
          {args.map((arg) => (
            <tr key={arg.name}>
              <th>
                {arg.name} <small>{arg.type}</small>
              </th>
              <td className="mono break">
                {arg.type === 'address' ? <Link href={urls.address(arg.value)}>{arg.value}</Link> : arg.value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
