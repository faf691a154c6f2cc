/**
 * What one transaction touched, as opaque state keys (see `recordTxAccess`
 * for the naming): the keys it read and the keys whose value it changed.
 */
export type TxAccess = { reads: ReadonlySet<string>; writes: ReadonlySet<string> }

/** How far one block's transactions could run side by side. */
export type BlockParallelism = {
  transactions: number
  /** Longest chain of conflicting transactions (each counted as one step); 0 for an empty block. */
  criticalPath: number
  /** Transactions per step of the critical path: the speed-up unlimited cores could reach. */
  parallelism: number
  /** The speed-up bound on 2 cores: transactions / max(critical path, ⌈transactions / 2⌉). */
  twoCoreSpeedup: number
  /** Edges of the dependency DAG (each transaction to the last earlier writer of each key it touches). */
  dependencies: number
}

/**
 * The dependency DAG of a block in execution order: `result[j]` lists the
 * earlier transactions `j` must follow. Transaction `j` follows `i < j` when
 * `i` wrote a key `j` reads or writes (read-after-write, write-after-write).
 * A write after a mere read is no dependency: an executor that keeps versions
 * lets the later transaction write while the earlier one still reads the old
 * value. Only the last earlier writer of each key is listed: it follows every
 * earlier writer of that key itself, so the transitive order is the same.
 */
export function buildDependencyDag(block: readonly TxAccess[]): number[][] {
  const lastWriter = new Map<string, number>()
  const dag: number[][] = []
  for (let j = 0; j < block.length; j++) {
    const { reads, writes } = block[j]
    const parents = new Set<number>()
    for (const key of reads) {
      const writer = lastWriter.get(key)
      if (writer !== undefined) parents.add(writer)
    }
    for (const key of writes) {
      const writer = lastWriter.get(key)
      if (writer !== undefined) parents.add(writer)
    }
    for (const key of writes) lastWriter.set(key, j)
    dag.push([...parents].sort((a, b) => a - b))
  }
  return dag
}

/** Critical path and available parallelism of one block (unit cost per transaction). */
export function analyzeBlock(block: readonly TxAccess[]): BlockParallelism {
  const dag = buildDependencyDag(block)
  // depth[j]: transactions on the longest chain ending at j, j included. Parents precede j.
  const depth: number[] = []
  let criticalPath = 0
  let dependencies = 0
  for (const parents of dag) {
    let deepest = 0
    for (const parent of parents) deepest = Math.max(deepest, depth[parent])
    depth.push(deepest + 1)
    criticalPath = Math.max(criticalPath, deepest + 1)
    dependencies += parents.length
  }
  const transactions = block.length
  return {
    transactions,
    criticalPath,
    parallelism: criticalPath === 0 ? 0 : transactions / criticalPath,
    twoCoreSpeedup:
      criticalPath === 0 ? 0 : transactions / Math.max(criticalPath, Math.ceil(transactions / 2)),
    dependencies,
  }
}
