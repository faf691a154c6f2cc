import { bytesFromHex } from '../state/index.ts'

/** keccak256(rlp([])): no ommers since the merge. */
export const EMPTY_UNCLE_HASH = bytesFromHex(
  '1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347',
)
/** Root of an empty Merkle Patricia trie. */
export const EMPTY_TRIE_ROOT = bytesFromHex(
  '56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
)
/** EIP-7685 commitment to an empty request list: sha256 of nothing. */
export const EMPTY_REQUESTS_HASH = bytesFromHex(
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
)
export const ZERO_HASH = new Uint8Array(32)
export const ZERO_ADDRESS = new Uint8Array(20)
