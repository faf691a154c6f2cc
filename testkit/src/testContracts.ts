import { type CompiledContract, compileSolidity } from './compileSolidity.ts'

/**
 * A minimal ERC-20: the whole supply is minted to the deployer, a shortfall
 * reverts with a custom error, a transfer to the zero address with a require
 * message (so both revert encodings are exercised).
 */
export const TEST_TOKEN_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract TestToken {
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert InsufficientAllowance(msg.sender, allowed, value);
            allowance[from][msg.sender] = allowed - value;
        }
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        require(to != address(0), "TestToken: transfer to the zero address");
        uint256 balance = balanceOf[from];
        if (balance < value) revert InsufficientBalance(from, balance, value);
        unchecked {
            balanceOf[from] = balance - value;
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }
}
`

/**
 * A probe for the executor's edge cases: logs with dynamic data, a revert with
 * data after writes, a caught inner revert (nested checkpoints), a write
 * restored within one transaction, slot deletion, CREATE2, and EIP-6780
 * self-destruct (deletes only when created in the same transaction).
 */
export const TEST_PROBE_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Child {
    uint256 public value = 1;
    constructor() payable {}
    function kill(address payable to) external { selfdestruct(to); }
}

contract Ephemeral {
    constructor(address payable to) payable {
        assembly { sstore(0, 7) }
        selfdestruct(to);
    }
}

contract Probe {
    uint256 public count;
    mapping(uint256 => uint256) public slots;

    event Bumped(address indexed by, uint256 indexed count, bytes note);
    event Spawned(address child) anonymous;

    error Nope(uint256 code, string why);

    function bump(bytes calldata note) external returns (uint256) {
        count += 1;
        emit Bumped(msg.sender, count, note);
        return count;
    }

    function set(uint256 key, uint256 value) external { slots[key] = value; }

    function setThenRevert(uint256 key, uint256 value, uint256 code) external {
        slots[key] = value;
        count += 1;
        revert Nope(code, "probe said no");
    }

    function fail(string calldata why) external pure { require(false, why); }

    /// Writes, then calls itself into a revert it catches, then writes again.
    function nested(uint256 key) external {
        slots[key] = slots[key] + 1;
        try this.setThenRevert(key + 1, 5, 1) {} catch {}
        count += 10;
    }

    /// Changes a slot and puts it back: the state diff must not mention it.
    function toggle(uint256 key) external {
        uint256 old = slots[key];
        slots[key] = old + 1;
        slots[key] = old;
    }

    function spawn(bytes32 salt) external payable returns (address child) {
        child = address(new Child{salt: salt, value: msg.value}());
        emit Spawned(child);
    }

    function spawnEphemeral(bytes32 salt) external payable returns (address) {
        return address(new Ephemeral{salt: salt, value: msg.value}(payable(msg.sender)));
    }

    function burn() external { for (uint256 i = 0; ; i++) slots[i] = i + 1; }
}
`

export type TestContracts = {
  token: CompiledContract
  probe: CompiledContract
  child: CompiledContract
  ephemeral: CompiledContract
}

/** Compiles the test token and probe (cached after the first call). */
export function compileTestContracts(): TestContracts {
  const compiled = compileSolidity({ 'TestToken.sol': TEST_TOKEN_SOURCE, 'Probe.sol': TEST_PROBE_SOURCE })
  return {
    token: compiled.TestToken,
    probe: compiled.Probe,
    child: compiled.Child,
    ephemeral: compiled.Ephemeral,
  }
}
