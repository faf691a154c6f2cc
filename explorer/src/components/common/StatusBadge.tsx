/** Receipt status: 1 success, 0 reverted. */
export function StatusBadge({ status }: { status: number }) {
  return status === 1 ? (
    <span className="badge status-ok">success</span>
  ) : (
    <span className="badge status-failed">reverted</span>
  )
}
