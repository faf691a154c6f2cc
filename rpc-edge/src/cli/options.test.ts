import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { edgeOptions, helpText, inputFromCli } from './options.ts'

describe('edge CLI options', () => {
  it('reads the environment, and flags win over it', () => {
    const input = inputFromCli(
      edgeOptions,
      { port: '8600', 'max-logs': '5', 'dev-accounts': 'false' },
      {
        RTEVM_RPC_PORT: '8546',
        RTEVM_RPC_HOST: '0.0.0.0',
        RTEVM_MNEMONIC: 'a b c',
        RTEVM_SEQUENCER: 'ws://seq:1',
      },
    )
    expect(input.rpc).toEqual({ port: 8600, host: '0.0.0.0' })
    expect(input.edge).toEqual({ maxLogs: 5, devAccounts: false, mnemonic: 'a b c' })
    expect(input.sequencerUrl).toBe('ws://seq:1')
  })

  it('has no chain options: the chain comes from the sequencer', () => {
    const flags = edgeOptions.map((o) => o.flag)
    for (const removed of ['chain-id', 'balance', 'base-fee', 'block-gas-limit', 'block-time'])
      expect(flags).not.toContain(removed)
  })

  it('refuses malformed values with the flag named', () => {
    expect(() => inputFromCli(edgeOptions, { port: 'eighty' }, {})).toThrow(
      /--port expects a non-negative integer/,
    )
    expect(() => inputFromCli(edgeOptions, { 'dev-accounts': 'yes' }, {})).toThrow(
      /--dev-accounts expects true or false/,
    )
  })

  it('covers every RpcConfig field and lists each env var in --help', () => {
    const text = helpText(edgeOptions)
    for (const o of edgeOptions) expect(text).toContain(o.env)
    const input = inputFromCli(
      edgeOptions,
      Object.fromEntries(
        edgeOptions
          .filter((o) => o.env.startsWith('RTEVM_RPC_'))
          .map((o) => [
            o.flag,
            o.flag === 'api-keys'
              ? keysFile('key-1')
              : o.kind === 'boolean'
                ? 'true'
                : o.kind === 'string'
                  ? 'x'
                  : '1',
          ]),
      ),
      {},
    )
    expect(Object.keys(input.rpc).sort()).toEqual(
      [
        'backpressureSweepMs',
        'corsOrigin',
        'host',
        'maxBatch',
        'maxBodyBytes',
        'maxConnectionsPerIp',
        'maxSubscriptionsPerConnection',
        'maxWsBackpressureBytes',
        'maxWsMessageBytes',
        'port',
        'wsIdleTimeoutSeconds',
        'requestsPerSecond',
        'requestBurst',
        'keyRequestsPerSecond',
        'keyRequestBurst',
        'apiKeys',
        'maxRateClients',
        'maxInFlightPerConnection',
      ].sort(),
    )
  })

  it('reads API keys from a file, one a line, skipping blanks and comments', () => {
    const path = keysFile('# partners\nkey-1\n\n  key-2  # the explorer\n')
    expect(inputFromCli(edgeOptions, { 'api-keys': path }, {}).rpc.apiKeys).toEqual(['key-1', 'key-2'])
    expect(() => inputFromCli(edgeOptions, { 'api-keys': keysFile('# none\n') }, {})).toThrow(/holds no key/)
    expect(() => inputFromCli(edgeOptions, { 'api-keys': '/no/such/file' }, {})).toThrow(/cannot read/)
  })

  it('takes --allow-public-devnet from RTEVM_ALLOW_PUBLIC_DEVNET too', () => {
    expect(inputFromCli(edgeOptions, {}, { RTEVM_ALLOW_PUBLIC_DEVNET: 'true' }).allowPublicDevnet).toBe(true)
  })
})

function keysFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rtevm-keys-')), 'keys')
  writeFileSync(path, text)
  return path
}
