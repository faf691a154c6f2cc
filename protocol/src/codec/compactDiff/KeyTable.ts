/**
 * Fixed-width byte keys numbered 0, 1, 2… in insertion order, held in typed
 * arrays: `width` bytes per key in one buffer plus an open-addressing index
 * (linear probing, load ≤ 1/2) of 4-byte entries, so a key costs `width` +
 * 8–16 bytes and nothing per key is a JS object the GC has to trace.
 */
export class KeyTable {
  private keys: Uint8Array
  /** id + 1 per occupied bucket, 0 when empty. */
  private index: Int32Array
  private mask: number
  private size = 0

  constructor(readonly width: number) {
    this.keys = new Uint8Array(width * 16)
    this.index = new Int32Array(32)
    this.mask = 31
  }

  get count(): number {
    return this.size
  }

  /** Bytes allocated (keys and index, growth slack included). */
  get byteLength(): number {
    return this.keys.byteLength + this.index.byteLength
  }

  /** The id of the key at `key[offset..offset+width)`, or -1. */
  find(key: Uint8Array, offset = 0): number {
    const mask = this.mask
    for (let i = this.hashOf(key, offset) & mask; ; i = (i + 1) & mask) {
      const entry = this.index[i]
      if (entry === 0) return -1
      if (this.equals(entry - 1, key, offset)) return entry - 1
    }
  }

  /** Appends a key that `find` does not know; returns its id. */
  add(key: Uint8Array, offset = 0): number {
    const width = this.width
    if ((this.size + 1) * width > this.keys.length) {
      const grown = new Uint8Array(this.keys.length * 2)
      grown.set(this.keys)
      this.keys = grown
    }
    this.keys.set(key.subarray(offset, offset + width), this.size * width)
    const id = this.size++
    if (this.size * 2 > this.index.length) this.rehash(this.index.length * 2)
    else this.insert(id)
    return id
  }

  /** The key of `id` as a view into the table (copy it before keeping it). */
  keyView(id: number): Uint8Array {
    return this.keys.subarray(id * this.width, (id + 1) * this.width)
  }

  /** Removes the newest key (undo of `add`), with backward-shift deletion so probes stay intact. */
  removeLast(): void {
    const id = this.size - 1
    const mask = this.mask
    let i = this.hashOf(this.keys, id * this.width) & mask
    while (this.index[i] !== id + 1) i = (i + 1) & mask
    this.index[i] = 0
    for (let j = (i + 1) & mask; this.index[j] !== 0; j = (j + 1) & mask) {
      const home = this.hashOf(this.keys, (this.index[j] - 1) * this.width) & mask
      // Move j's entry into the hole at i unless its home lies cyclically in (i, j].
      const inRange = i <= j ? home > i && home <= j : home > i || home <= j
      if (!inRange) {
        this.index[i] = this.index[j]
        this.index[j] = 0
        i = j
      }
    }
    this.size = id
  }

  private insert(id: number): void {
    const mask = this.mask
    let i = this.hashOf(this.keys, id * this.width) & mask
    while (this.index[i] !== 0) i = (i + 1) & mask
    this.index[i] = id + 1
  }

  private rehash(buckets: number): void {
    this.index = new Int32Array(buckets)
    this.mask = buckets - 1
    for (let id = 0; id < this.size; id++) this.insert(id)
  }

  private equals(id: number, key: Uint8Array, offset: number): boolean {
    const keys = this.keys
    const at = id * this.width
    for (let i = 0; i < this.width; i++) if (keys[at + i] !== key[offset + i]) return false
    return true
  }

  /** FNV-1a over the whole key: addresses and slots from tests and tools are not always random. */
  private hashOf(bytes: Uint8Array, offset: number): number {
    let h = 0x811c9dc5
    for (let i = 0; i < this.width; i++) h = Math.imul(h ^ bytes[offset + i], 0x01000193)
    return (h ^ (h >>> 15)) >>> 0
  }
}
