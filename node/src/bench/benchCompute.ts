/**
 * A compute-heavy contract for the compiler's benchmark (issue 16): each
 * `work(rounds)` hashes, multiplies and writes memory in a loop, then stores
 * one word, so nearly all of its gas is spent in the interpreter loop rather
 * than in storage or calls.
 */
export const benchComputeSource = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract BenchCompute {
    uint256 public last;

    function work(uint256 rounds) external {
        bytes32 h = bytes32(rounds);
        uint256 acc = rounds;
        uint256[] memory buf = new uint256[](64);
        for (uint256 i = 0; i < rounds; i++) {
            h = keccak256(abi.encodePacked(h, i));
            unchecked {
                acc = acc * 6364136223846793005 + (uint256(h) % 1000003);
            }
            buf[i & 63] ^= acc;
        }
        last = acc ^ buf[rounds & 63];
    }
}
`
