// Solidity for the indexer's token and module tests; not part of the package's public surface.
import { type CompiledContract, compileSolidity } from '@rtevm/testkit'

/**
 * Test contracts. Storage layouts are relied on by the tests, which read
 * balances and owners straight from the sequencer's state:
 * - TestCoin (ERC-20 with metadata, mint, burn, batch transfer): `balanceOf` at slot 0.
 * - TestNft (ERC-721 core, no `decimals`): `ownerOf` at slot 0, `balanceOf` at slot 1.
 * - CoinFactory deploys TestCoins with CREATE and CREATE2.
 * - FillEmitter emits the events of the module tests.
 */
export const TOKEN_TEST_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract TestCoin {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) {
        _mint(msg.sender, supply);
    }

    function name() external pure returns (string memory) { return "Test Coin"; }
    function symbol() external pure returns (string memory) { return "TCOIN"; }
    function decimals() external pure returns (uint8) { return 6; }

    function mint(address to, uint256 value) external { _mint(to, value); }

    function burn(uint256 value) external {
        balanceOf[msg.sender] -= value;
        totalSupply -= value;
        emit Transfer(msg.sender, address(0), value);
    }

    function transfer(address to, uint256 value) public returns (bool) {
        require(to != address(0), "TestCoin: to zero");
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }

    /** Many transfers of one sender in one transaction (so in one mini-block and one batch). */
    function transferMany(address[] calldata to, uint256[] calldata values) external {
        for (uint256 i = 0; i < to.length; i++) transfer(to[i], values[i]);
    }

    function _mint(address to, uint256 value) private {
        balanceOf[to] += value;
        totalSupply += value;
        emit Transfer(address(0), to, value);
    }
}

contract TestNft {
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    function name() external pure returns (string memory) { return "Test Nft"; }
    function symbol() external pure returns (string memory) { return "TNFT"; }

    function mint(address to, uint256 id) external {
        require(ownerOf[id] == address(0), "TestNft: minted");
        ownerOf[id] = to;
        balanceOf[to] += 1;
        emit Transfer(address(0), to, id);
    }

    function transferFrom(address from, address to, uint256 id) external {
        require(ownerOf[id] == from && from == msg.sender, "TestNft: not owner");
        require(to != address(0), "TestNft: to zero");
        ownerOf[id] = to;
        balanceOf[from] -= 1;
        balanceOf[to] += 1;
        emit Transfer(from, to, id);
    }

    function burn(uint256 id) external {
        address owner = ownerOf[id];
        require(owner == msg.sender, "TestNft: not owner");
        delete ownerOf[id];
        balanceOf[owner] -= 1;
        emit Transfer(owner, address(0), id);
    }
}

contract CoinFactory {
    event Created(address coin);

    function create(uint256 supply) external returns (address coin) {
        coin = address(new TestCoin(supply));
        emit Created(coin);
    }

    function create2(bytes32 salt, uint256 supply) external returns (address coin) {
        coin = address(new TestCoin{salt: salt}(supply));
        emit Created(coin);
    }
}

contract FillEmitter {
    event Fill(uint256 indexed orderId, address indexed maker, uint256 amount);
    event Note(string text);

    function fill(uint256 orderId, uint256 amount) external {
        emit Fill(orderId, msg.sender, amount);
    }

    function fillMany(uint256 firstId, uint256 count) external {
        for (uint256 i = 0; i < count; i++) emit Fill(firstId + i, msg.sender, i + 1);
    }

    function note(string calldata text) external {
        emit Note(text);
    }
}
`

export type TokenTestContracts = {
  coin: CompiledContract
  nft: CompiledContract
  factory: CompiledContract
  emitter: CompiledContract
}

/** Compiles the test contracts (cached by `compileSolidity`). */
export function compileTokenTestContracts(): TokenTestContracts {
  const compiled = compileSolidity({ 'TokenTests.sol': TOKEN_TEST_SOURCE })
  return {
    coin: compiled.TestCoin,
    nft: compiled.TestNft,
    factory: compiled.CoinFactory,
    emitter: compiled.FillEmitter,
  }
}
