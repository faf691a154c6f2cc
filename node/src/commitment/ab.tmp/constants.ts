/** Root of an empty trie: keccak256(rlp('')) = keccak256(0x80). */
export const EMPTY_TRIE_ROOT: Uint8Array = fromHex(
  '56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
)

/** Code hash of an account without code: keccak256 of no bytes. */
export const EMPTY_CODE_HASH: Uint8Array = fromHex(
  'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
)

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}
