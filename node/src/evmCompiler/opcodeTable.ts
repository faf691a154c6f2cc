/**
 * How the compiler treats each opcode:
 * - `pure`: inlined; touches only the stack (or reads the call environment),
 *   cannot fail once its static fee is paid, so runs of them are charged at once;
 * - `jump`: JUMP/JUMPI, inlined, static fee charged with the run before it;
 * - `stop`: STOP;
 * - `memory`: MLOAD/MSTORE/MSTORE8, inlined with their own memory-expansion charge;
 * - `host`: run by EthereumJS's own gas and opcode handler (storage, calls,
 *   logs, keccak, copies, …), so journal, warm sets and refunds are its own;
 * - `terminal`: a host opcode after which execution never continues in this block.
 * Opcodes absent here hand the frame to the interpreter when reached.
 */
export type OpcodeKind = 'pure' | 'jump' | 'stop' | 'memory' | 'host' | 'terminal'

export type OpcodeShape = { kind: OpcodeKind; pops: number; pushes: number }

const table = new Map<number, OpcodeShape>()

function define(kind: OpcodeKind, pops: number, pushes: number, ...ops: number[]): void {
  for (const op of ops) table.set(op, { kind, pops, pushes })
}

define('stop', 0, 0, 0x00)
// ADD MUL SUB DIV MOD LT GT SLT SGT EQ AND OR XOR BYTE SHL SHR
define(
  'pure',
  2,
  1,
  0x01,
  0x02,
  0x03,
  0x04,
  0x06,
  0x10,
  0x11,
  0x12,
  0x13,
  0x14,
  0x16,
  0x17,
  0x18,
  0x1a,
  0x1b,
  0x1c,
)
define('pure', 1, 1, 0x15, 0x19) // ISZERO NOT
// SDIV SMOD EXP SIGNEXTEND SAR KECCAK256
define('host', 2, 1, 0x05, 0x07, 0x0a, 0x0b, 0x1d, 0x20)
define('host', 3, 1, 0x08, 0x09) // ADDMOD MULMOD
// CALLDATALOAD; CALLER CALLVALUE CALLDATASIZE
define('pure', 1, 1, 0x35)
define('pure', 0, 1, 0x33, 0x34, 0x36)
// ADDRESS ORIGIN CODESIZE GASPRICE RETURNDATASIZE COINBASE TIMESTAMP NUMBER
// PREVRANDAO GASLIMIT CHAINID SELFBALANCE BASEFEE BLOBBASEFEE MSIZE GAS
define(
  'host',
  0,
  1,
  0x30,
  0x32,
  0x38,
  0x3a,
  0x3d,
  0x41,
  0x42,
  0x43,
  0x44,
  0x45,
  0x46,
  0x47,
  0x48,
  0x4a,
  0x59,
  0x5a,
)
// BALANCE EXTCODESIZE EXTCODEHASH BLOCKHASH BLOBHASH SLOAD TLOAD
define('host', 1, 1, 0x31, 0x3b, 0x3f, 0x40, 0x49, 0x54, 0x5c)
define('host', 3, 0, 0x37, 0x39, 0x3e, 0x5e) // CALLDATACOPY CODECOPY RETURNDATACOPY MCOPY
define('host', 4, 0, 0x3c) // EXTCODECOPY
define('host', 2, 0, 0x55, 0x5d) // SSTORE TSTORE
define('pure', 1, 0, 0x50) // POP
define('memory', 1, 1, 0x51) // MLOAD
define('memory', 2, 0, 0x52, 0x53) // MSTORE MSTORE8
define('jump', 1, 0, 0x56)
define('jump', 2, 0, 0x57)
define('pure', 0, 1, 0x58) // PC
define('pure', 0, 0, 0x5b) // JUMPDEST
for (let op = 0x5f; op <= 0x7f; op++) define('pure', 0, 1, op) // PUSH0…PUSH32
for (let n = 1; n <= 16; n++) {
  define('pure', n, n + 1, 0x7f + n) // DUPn
  define('pure', n + 1, n + 1, 0x8f + n) // SWAPn
}
for (let n = 0; n <= 4; n++) define('host', n + 2, 0, 0xa0 + n) // LOGn
define('host', 3, 1, 0xf0) // CREATE
define('host', 7, 1, 0xf1, 0xf2) // CALL CALLCODE
define('host', 6, 1, 0xf4, 0xfa) // DELEGATECALL STATICCALL
define('host', 4, 1, 0xf5) // CREATE2
define('terminal', 2, 0, 0xf3, 0xfd) // RETURN REVERT
define('terminal', 1, 0, 0xff) // SELFDESTRUCT

/** The compiler's view of an opcode, or undefined when the interpreter must run it. */
export function opcodeShape(op: number): OpcodeShape | undefined {
  return table.get(op)
}

/** EXP and KECCAK256: host opcodes in EthereumJS (async gas handlers), computed inline by compiled code when the fork's handlers are synchronous. */
export const INLINE_HOST_OPCODES: ReadonlySet<number> = new Set([0x0a, 0x20])

/**
 * Reads of the call and block environment with static gas only (ADDRESS,
 * ORIGIN, CODESIZE, GASPRICE, RETURNDATASIZE, COINBASE, TIMESTAMP, NUMBER,
 * PREVRANDAO, GASLIMIT, CHAINID, SELFBALANCE, BASEFEE, BLOBBASEFEE, MSIZE,
 * GAS): EthereumJS 10 declares them asynchronous, but their handlers only
 * read the interpreter, so `syncStep` runs them with no await.
 */
export const ENVIRONMENT_STEP_OPCODES: ReadonlySet<number> = new Set([
  0x30, 0x32, 0x38, 0x3a, 0x3d, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x4a, 0x59, 0x5a,
])

/**
 * Copies, logs, RETURN and REVERT, and the environment reads above: host
 * opcodes whose gas the compiled runtime computes itself (`syncStep`), then
 * runs EthereumJS's own handler, when that handler is synchronous (and, for
 * the environment reads, their gas static): no await between them and the
 * next segment (or the frame's end).
 */
export const SYNC_STEP_OPCODES: ReadonlySet<number> = new Set([
  0x37,
  0x39,
  0x3e,
  0x5e,
  0xa0,
  0xa1,
  0xa2,
  0xa3,
  0xa4,
  0xf3,
  0xfd,
  ...ENVIRONMENT_STEP_OPCODES,
])
