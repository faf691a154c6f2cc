import { NextResponse } from 'next/server'
import { ensurePlaygroundContracts } from '../../../src/config/ensurePlaygroundContracts.ts'
import { readRuntimeConfig } from '../../../src/config/runtimeConfig.ts'
import { messageOf } from '../../../src/errors.ts'

export const dynamic = 'force-dynamic'

/** The playground's contract addresses on the configured devnet, deploying them first if missing. */
export async function GET(): Promise<Response> {
  const { rpcUrl } = readRuntimeConfig()
  try {
    return NextResponse.json(await ensurePlaygroundContracts(rpcUrl))
  } catch (error) {
    return NextResponse.json({ error: messageOf(error) }, { status: 503 })
  }
}
