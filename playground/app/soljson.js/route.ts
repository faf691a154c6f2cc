import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export const dynamic = 'force-dynamic'

/**
 * solc-js's compiler (soljson.js, ~9 MB of asm/wasm), served from the `solc` package
 * installed beside the app: the machine is offline at run time, and the compile worker
 * loads it with importScripts. `next start` runs in the app's folder.
 */
export async function GET(): Promise<Response> {
  const body = await readFile(join(process.cwd(), 'node_modules', 'solc', 'soljson.js'))
  return new Response(body, {
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' },
  })
}
