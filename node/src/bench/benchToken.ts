/**
 * The ERC-20 the benchmarks transfer: standard balance bookkeeping and
 * Transfer events, plus an open `mint` so every sender can fund itself.
 */
export const benchTokenSource = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract BenchToken {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function mint(address to, uint256 amount) external {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        uint256 balance = balanceOf[msg.sender];
        require(balance >= amount, "insufficient balance");
        unchecked { balanceOf[msg.sender] = balance - amount; }
        balanceOf[to] += amount;
        emit Transfer(msg.sender, to, amount);
        return true;
    }
}
`
