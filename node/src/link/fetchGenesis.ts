import type { ChainGenesis } from '@rtevm/protocol'
import { createLinkClient } from './createLinkClient.ts'
import type { LinkClientOptions } from './LinkClient.ts'

/**
 * Asks the link at `url` for the chain's genesis on a connection of its own
 * (closed afterwards). Decoded, not checked: `loadGenesis` checks it.
 */
export async function fetchGenesis(
  url: string,
  options: Pick<LinkClientOptions, 'reconnect' | 'onError' | 'key' | 'ca'> = {},
): Promise<ChainGenesis> {
  const client = createLinkClient({ url, ...options })
  try {
    return await client.genesis()
  } finally {
    await client.close()
  }
}
