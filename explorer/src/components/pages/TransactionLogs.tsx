import type { AbiRegistry } from '../../abi/createAbiRegistry.ts'
import type { Log } from '../../graphql/types.ts'
import * as urls from '../../urls.ts'
import { HashLink } from '../common/HashLink.tsx'
import { ArgsTable } from './DecodedInput.tsx'

/** A transaction's logs, each decoded with a known ABI when one fits. */
export function TransactionLogs({ logs, registry }: { logs: readonly Log[]; registry: AbiRegistry }) {
  if (logs.length === 0) return <p className="empty">No logs.</p>
  return (
    <ol className="logs" data-testid="logs">
      {logs.map((log) => {
        const decoded = registry.decodeLog(log.address, log.topics, log.data)
        return (
          <li key={log.logIndex} className="log">
            <p>
              #{log.logIndex} from <HashLink href={urls.address(log.address)} value={log.address} />{' '}
              {decoded ? (
                <>
                  <code data-testid="log-event">{decoded.eventName}</code>{' '}
                  <span className="badge">{decoded.abiName}</span>
                </>
              ) : null}
            </p>
            {decoded ? <ArgsTable args={decoded.args} /> : null}
            <details>
              <summary>Raw topics and data</summary>
              <pre className="code">{[...log.topics, log.data].join('\n')}</pre>
            </details>
          </li>
        )
      })}
    </ol>
  )
}
