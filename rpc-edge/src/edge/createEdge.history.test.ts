import { createSequencer } from '@rtevm/node'
import { expect, it } from 'vitest'
import { createEdge } from './createEdge.ts'
import { testChainConfig } from './edgeTestSupport.ts'

it("refuses to start in-process when the sequencer's history no longer reaches the chain's first event", async () => {
  // 20 ms blocks and a history of 3 events: the genesis block leaves the history within ~100 ms.
  const sequencer = await createSequencer({ ...testChainConfig, blockIntervalMs: 20, historyLimit: 3 })
  try {
    while (sequencer.events.head() < 6n) await new Promise((resolve) => setTimeout(resolve, 10))
    const started = createEdge({ rpc: { port: 0 }, sequencer })
    await expect(started).rejects.toMatchObject({ code: 'CURSOR_PRUNED' })
    await expect(started).rejects.toThrow(/RTEVM_HISTORY_LIMIT/)
  } finally {
    await sequencer.close()
  }
})
