// Sender recovery off the edge's event loop: viem's secp256k1 (@noble/curves,
// pure JavaScript) costs milliseconds per transaction. Plain .mjs so worker
// threads load it without a TypeScript loader.
import { parentPort } from 'node:worker_threads'
import { bytesToHex, recoverTransactionAddress } from 'viem'

parentPort.on('message', async ({ id, raw }) => {
  try {
    const from = await recoverTransactionAddress({ serializedTransaction: bytesToHex(raw) })
    parentPort.postMessage({ id, from: from.toLowerCase() })
  } catch {
    parentPort.postMessage({ id })
  }
})
