import { compileSolidity, createSenders } from '@rtevm/testkit'
import fc from 'fast-check'
import { encodeFunctionData, getContractAddress, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { bytesFromHex, hexFromBytes } from '../state/index.ts'
import {
  blockContext,
  createSide,
  decoder,
  EMPTY_ACCOUNT,
  expectSameOutcome,
  feeArbitraries,
  GWEI,
  signFuzzed,
} from './fastPathTestSupport.ts'

// Every behaviour runTx wraps around a call: logs, reverts with data, out of
// gas, refunds (storage cleared), value to payable code, creations with and
// without a same-transaction self-destruct (EIP-6780), transient storage that
// must not survive the transaction (EIP-1153), and calls that touch empty
// accounts (EIP-161).
const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Child {
    constructor(bool die) payable {
        if (die) selfdestruct(payable(msg.sender));
    }
    function kill(address payable to) external {
        selfdestruct(to);
    }
}

contract Probe {
    mapping(address => uint256) public balanceOf;
    uint256 public counter;
    mapping(uint256 => uint256) public pad;
    error Failed(uint256 code);
    event Transfer(address indexed from, address indexed to, uint256 value);

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }
    function transfer(address to, uint256 amount) external returns (bool) {
        require(balanceOf[msg.sender] >= amount, "balance");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        emit Transfer(msg.sender, to, amount);
        return true;
    }
    function clear() external {
        delete balanceOf[msg.sender];
    }
    function stash() external {
        for (uint256 i = 0; i < 8; i++) pad[i] = 1;
    }
    function wipe() external {
        for (uint256 i = 0; i < 8; i++) delete pad[i];
    }
    function fail(uint256 code) external pure {
        revert Failed(code);
    }
    function burn(uint256 rounds) external {
        for (uint256 i = 0; i < rounds; i++) counter += i;
    }
    function deposit() external payable {
        counter += msg.value;
    }
    function retire(address payable to) external {
        selfdestruct(to);
    }
    function spawn(bool die, bool killAfter) external payable returns (address) {
        Child child = new Child{value: msg.value}(die);
        if (killAfter) child.kill(payable(msg.sender));
        return address(child);
    }
    function remember(uint256 value) external {
        uint256 previous;
        assembly {
            previous := tload(0)
            tstore(0, value)
        }
        counter = previous + value;
    }
    function poke(address to) external payable {
        (bool ok, ) = to.call{value: msg.value}("");
        require(ok);
    }
}
`

const { Probe } = compileSolidity({ 'Probe.sol': source })
const senders = createSenders(4, 10n ** 20n, 11)
const deployer = senders.signers[0]
const probe = getContractAddress({ from: deployer.address, nonce: 0n })
const FRESH_ACCOUNT = `0x${'aa'.padStart(40, '0')}` as const
const PRECOMPILE = '0x0000000000000000000000000000000000000004'
const recipients = [probe, probe, probe, PRECOMPILE, senders.signers[1].address, EMPTY_ACCOUNT] as const
const coinbases = [FRESH_ACCOUNT, EMPTY_ACCOUNT, senders.signers[2].address, probe] as const

const call = (functionName: string, args: readonly unknown[] = []): Hex =>
  encodeFunctionData({ abi: Probe.abi, functionName, args } as Parameters<typeof encodeFunctionData>[0])

const someone = fc.constantFrom(...senders.signers.map((s) => s.address), EMPTY_ACCOUNT, FRESH_ACCOUNT)
const callData = fc.oneof(
  fc.tuple(someone, fc.bigInt({ min: 0n, max: 10n ** 6n })).map(([to, n]) => call('mint', [to, n])),
  fc.tuple(someone, fc.bigInt({ min: 0n, max: 2n * 10n ** 6n })).map(([to, n]) => call('transfer', [to, n])),
  fc.constant(call('clear')),
  fc.constant(call('stash')),
  fc.constant(call('wipe')),
  fc.constant(call('wipe')),
  fc.bigInt({ min: 0n, max: 1000n }).map((code) => call('fail', [code])),
  fc.bigInt({ min: 0n, max: 400n }).map((rounds) => call('burn', [rounds])),
  fc.constant(call('deposit')),
  someone.map((to) => call('retire', [to])),
  fc.tuple(fc.boolean(), fc.boolean()).map(([die, kill]) => call('spawn', [die, kill])),
  fc.bigInt({ min: 0n, max: 99n }).map((value) => call('remember', [value])),
  fc.constantFrom(EMPTY_ACCOUNT, FRESH_ACCOUNT, PRECOMPILE).map((to) => call('poke', [to])),
  fc.constantFrom('0x', '0x00', '0xdeadbeef' as Hex),
)

// Slot 1 is `counter`, which burn, deposit and remember read and write.
const slot = fc.constantFrom(
  `0x${'00'.repeat(31)}01`,
  `0x${'00'.repeat(31)}01`,
  `0x${'00'.repeat(32)}`,
) as fc.Arbitrary<Hex>
const accessList = fc.array(
  fc.record({
    address: fc.constantFrom(probe, probe, EMPTY_ACCOUNT, PRECOMPILE),
    storageKeys: fc.array(slot, { maxLength: 2 }),
  }),
  { maxLength: 2 },
)

const txArbitrary = fc.record({
  sender: fc.integer({ min: 0, max: senders.signers.length - 1 }),
  recipient: fc.integer({ min: 0, max: recipients.length - 1 }),
  data: callData,
  value: fc.constantFrom(0n, 0n, 0n, 0n, 0n, 0n, 1n, 10n ** 15n, 10n ** 21n),
  type: fc.constantFrom(0, 1, 2, 2),
  accessList,
  ...feeArbitraries,
  gasLimit: fc.constantFrom(21_000n, 22_000n, 30_000n, 60_000n, 200_000n, 200_000n, 1_000_000n),
  nonceSkew: fc.constantFrom(0n, 0n, 0n, 0n, 1n),
})

const deploy = deployer.sign({
  nonce: 0n,
  data: Probe.bytecode,
  gasLimit: 2_000_000n,
  maxFeePerGas: 2n * GWEI,
})
const funding = senders.signers.map((signer, i) =>
  signer.sign({
    nonce: i === 0 ? 1n : 0n,
    to: probe,
    data: call('mint', [signer.address, 10n ** 6n]),
    gasLimit: 200_000n,
    maxFeePerGas: 2n * GWEI,
  }),
)

// Filled slots, so that a wipe earns refunds past the EIP-3529 cap.
const stash = deployer.sign({
  nonce: 2n,
  to: probe,
  data: call('stash'),
  gasLimit: 1_000_000n,
  maxFeePerGas: 2n * GWEI,
})

describe('lean call path', () => {
  it('leaves exactly the state, receipt and bloom EthereumJS runTx leaves', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...coinbases),
        fc.constantFrom(0n, 7n, GWEI),
        fc.array(txArbitrary, { minLength: 1, maxLength: 25 }),
        async (coinbase, baseFeePerGas, txs) => {
          const context = blockContext(baseFeePerGas, bytesFromHex(coinbase))
          const setup = [deploy, ...funding, stash]
          const lean = await createSide(senders, { leanCalls: true }, context, setup)
          const reference = await createSide(senders, { leanCalls: false }, context, setup)
          let gasUsed = 0n
          for (const t of txs) {
            const raw = signFuzzed(senders, reference, t, {
              to: recipients[t.recipient],
              value: t.value,
              data: t.data,
              gasLimit: t.gasLimit,
              ...(t.type === 0 ? {} : { accessList: t.accessList }),
            })
            gasUsed = await expectSameOutcome(lean, reference, raw, gasUsed, (error) => error.message)
          }
        },
      ),
      { numRuns: 40, seed: 20261207 },
    )
  })

  it('takes the transactions it is for', async () => {
    // Against a path that silently always falls back: runTx asks the
    // transaction for its intrinsic gas, the lean path never does.
    const context = blockContext(GWEI, new Uint8Array(20))
    const lean = await createSide(senders, { leanCalls: true }, context, [deploy, ...funding])
    const [, second] = senders.signers
    const raw = second.sign({
      nonce: 1n,
      to: probe,
      data: call('transfer', [deployer.address, 5n]),
      gasLimit: 100_000n,
      maxFeePerGas: 2n * GWEI,
    })
    const decoded = await decoder.decode(raw)
    let runTxCalled = false
    decoded.tx.getIntrinsicGas = () => {
      runTxCalled = true
      return 0n
    }
    const { receipt } = await lean.executor.execute(decoded, 0n)
    expect(receipt.status).toBe(1)
    expect(receipt.logs).toHaveLength(1)
    expect(runTxCalled).toBe(false)
    expect(hexFromBytes(receipt.logs[0].address)).toBe(probe.slice(2).toLowerCase())
  })
})
