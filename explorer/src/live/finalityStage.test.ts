import { describe, expect, it } from 'vitest'
import { finalityStage } from './finalityStage.ts'

const none = { sealedHead: null, safe: null, finalized: null }

describe('finalityStage', () => {
  it('moves preconfirmed → sealed → safe → finalized as the heads pass the block', () => {
    const at = (inputs: Partial<Parameters<typeof finalityStage>[0]>) =>
      finalityStage({ blockNumber: 10n, indexerStage: 'PRECONFIRMED', ...none, ...inputs })
    expect(at({ sealedHead: 9n })).toBe('PRECONFIRMED')
    expect(at({ sealedHead: 10n })).toBe('SEALED')
    expect(at({ sealedHead: 10n, safe: 10n })).toBe('SAFE')
    expect(at({ sealedHead: 12n, safe: 11n, finalized: 10n })).toBe('FINALIZED')
  })

  it('never goes back from what the indexer already said', () => {
    expect(finalityStage({ blockNumber: 10n, indexerStage: 'FINALIZED', ...none })).toBe('FINALIZED')
    expect(finalityStage({ blockNumber: 10n, indexerStage: 'SEALED', ...none, safe: 3n })).toBe('SEALED')
  })
})
