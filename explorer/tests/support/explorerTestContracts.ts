import { type CompiledContract, compileSolidity } from '@rtevm/testkit'

/**
 * Contracts the explorer test deploys: an ERC-20 with name, symbol and decimals
 * (so pages show metadata), a minimal ERC-721 whose owner mints, and a relay
 * that counts in its storage and passes its coins on (a call with a nested call,
 * for the call tree and the state diff).
 */
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract ExplorerCoin {
    string public constant name = "Explorer Coin";
    string public constant symbol = "XPLR";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        require(balanceOf[msg.sender] >= value, "ExplorerCoin: balance too low");
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }
}

contract ExplorerRelay {
    uint256 public relayed;

    function relay(ExplorerCoin coin, address to, uint256 value) external {
        relayed += 1;
        require(coin.transfer(to, value), "ExplorerRelay: transfer failed");
    }
}

contract ExplorerBadge {
    string public constant name = "Explorer Badge";
    string public constant symbol = "XBDG";
    address private immutable minter = msg.sender;
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    function mint(address to, uint256 tokenId) external {
        require(msg.sender == minter && ownerOf[tokenId] == address(0), "ExplorerBadge: cannot mint");
        ownerOf[tokenId] = to;
        balanceOf[to] += 1;
        emit Transfer(address(0), to, tokenId);
    }
}
`

export function compileExplorerTestContracts(): {
  coin: CompiledContract
  badge: CompiledContract
  relay: CompiledContract
} {
  const compiled = compileSolidity({ 'ExplorerTokens.sol': SOURCE })
  return { coin: compiled.ExplorerCoin, badge: compiled.ExplorerBadge, relay: compiled.ExplorerRelay }
}
