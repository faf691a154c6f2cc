import { createExplorerAbiRegistry } from '../../abi/explorerAbis.ts'
import { formatEth, formatInteger } from '../../format/formatters.ts'
import { CALL_TREE_TRACE, loadTrace } from '../../rpc/loadTrace.ts'
import { type CallNode, flattenCallTree, toCallTree } from '../../trace/callTree.ts'
import * as urls from '../../urls.ts'
import { HashLink } from '../common/HashLink.tsx'
import { TraceUnavailable } from './TraceUnavailable.tsx'

/** Frames this deep and deeper start folded, so a long tree opens at a readable size. */
const OPEN_DEPTH = 3

function FrameLine({ node }: { node: CallNode }) {
  return (
    <span className="frame-line">
      <span className={node.error ? 'badge status-failed' : 'badge'}>{node.type}</span>{' '}
      <HashLink href={urls.address(node.from)} value={node.from} />
      {' → '}
      {node.to ? <HashLink href={urls.address(node.to)} value={node.to} /> : <em>no address</em>}{' '}
      {node.method ? (
        <code data-testid="frame-method" title={node.selector ?? undefined}>
          {node.method.functionName}
        </code>
      ) : node.selector ? (
        <code data-testid="frame-method">{node.selector}</code>
      ) : null}{' '}
      <span className="frame-meta">
        {formatEth(node.value, 18)} · gas {formatInteger(node.gasUsed)}
        {node.logs.length > 0
          ? ` · logs: ${node.logs.map((log) => log.eventName ?? 'unknown event').join(', ')}`
          : ''}
      </span>
      {node.error ? (
        <span className="frame-error" data-testid="frame-error">
          {' '}
          {node.error}
          {node.revertReason ? `: ${node.revertReason}` : ''}
        </span>
      ) : null}
    </span>
  )
}

function CallFrame({ node }: { node: CallNode }) {
  return (
    <li data-frame={node.id} data-frame-type={node.type} className="frame">
      {node.calls.length > 0 ? (
        <details open={node.depth < OPEN_DEPTH}>
          <summary>
            <FrameLine node={node} />
          </summary>
          <ol className="call-tree">
            {node.calls.map((child) => (
              <CallFrame key={child.id} node={child} />
            ))}
          </ol>
        </details>
      ) : (
        <FrameLine node={node} />
      )}
    </li>
  )
}

/**
 * The transaction's calls as geth's callTracer reports them, re-run by the edge on request:
 * nested and foldable, each frame with its type, caller → callee, value, gas used, the function
 * when a known ABI has its selector, its logs, and the error and revert reason of a failed frame.
 */
export async function CallTreeSection({ hash }: { hash: string }) {
  const registry = createExplorerAbiRegistry()
  const loaded = await loadTrace(hash, CALL_TREE_TRACE, (raw) => toCallTree(raw, registry))
  const frames = loaded.ok ? flattenCallTree(loaded.data) : []
  const failed = frames.filter((frame) => frame.error).length
  return (
    <section className="panel" data-testid="call-tree-section">
      <header className="panel-head">
        <h2>Call tree</h2>
        {loaded.ok ? (
          <span className="counters">
            {frames.length} {frames.length === 1 ? 'frame' : 'frames'}
            {failed > 0 ? `, ${failed} failed` : ''}
          </span>
        ) : null}
      </header>
      {loaded.ok ? (
        <div className="table-scroll">
          <ol className="call-tree call-tree-root" data-testid="call-tree">
            <CallFrame node={loaded.data} />
          </ol>
        </div>
      ) : (
        <TraceUnavailable error={loaded.error} what="call tree" />
      )}
    </section>
  )
}
