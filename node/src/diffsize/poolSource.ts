/**
 * A constant-product pool in the style of Uniswap v2, reduced to what a swap
 * writes: it pulls the input token with `transferFrom`, pays out the other
 * with `transfer`, updates both reserves and emits Swap and Sync. With the
 * pool approved for the maximum, a swap's state diff is the sender's nonce
 * and balance, two balance slots in each token, and the two reserves.
 */
export const POOL_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IToken {
    function balanceOf(address) external view returns (uint256);
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

contract Pool {
    IToken public immutable token0;
    IToken public immutable token1;
    uint256 public reserve0;
    uint256 public reserve1;

    event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to);
    event Sync(uint256 reserve0, uint256 reserve1);

    constructor(IToken a, IToken b) {
        token0 = a;
        token1 = b;
    }

    function sync() external {
        reserve0 = token0.balanceOf(address(this));
        reserve1 = token1.balanceOf(address(this));
        emit Sync(reserve0, reserve1);
    }

    function swap(bool zeroForOne, uint256 amountIn, uint256 minOut) external returns (uint256 out) {
        (IToken tokenIn, IToken tokenOut, uint256 reserveIn, uint256 reserveOut) =
            zeroForOne ? (token0, token1, reserve0, reserve1) : (token1, token0, reserve1, reserve0);
        require(tokenIn.transferFrom(msg.sender, address(this), amountIn), "pull failed");
        uint256 inWithFee = amountIn * 997;
        out = (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
        require(out >= minOut, "slippage");
        require(tokenOut.transfer(msg.sender, out), "push failed");
        if (zeroForOne) {
            reserve0 = reserveIn + amountIn;
            reserve1 = reserveOut - out;
            emit Swap(msg.sender, amountIn, 0, 0, out, msg.sender);
        } else {
            reserve1 = reserveIn + amountIn;
            reserve0 = reserveOut - out;
            emit Swap(msg.sender, 0, amountIn, out, 0, msg.sender);
        }
        emit Sync(reserve0, reserve1);
    }
}
`
