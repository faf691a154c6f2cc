import { createMPT } from '@ethereumjs/mpt'

const o = await createMPT()
const hex = (b: Uint8Array | null) => b && Buffer.from(b).toString('hex')
await o.put(Uint8Array.of(0x11, 0x10, 0x00), Uint8Array.of(0))
await o.put(Uint8Array.of(0x11), Uint8Array.of(0, 0, 0, 0, 0))
await o.put(Uint8Array.of(0x11, 0x00), Uint8Array.of(0, 0, 0, 0, 0))
console.log(hex(await o.get(Uint8Array.of(0x11))), hex(await o.get(Uint8Array.of(0x11, 0))))
await o.del(Uint8Array.of(0x11, 0x10, 0x00))
console.log(hex(await o.get(Uint8Array.of(0x11))), hex(await o.get(Uint8Array.of(0x11, 0))), hex(o.root()))
// same set built directly
const p = await createMPT()
await p.put(Uint8Array.of(0x11), Uint8Array.of(0, 0, 0, 0, 0))
await p.put(Uint8Array.of(0x11, 0x00), Uint8Array.of(0, 0, 0, 0, 0))
console.log(hex(p.root()))
