// The layering written down in ARCHITECTURE.md, checked by `pnpm lint`:
//   depcruise protocol client node rpc-edge indexer testkit explorer playground bench scripts --config .dependency-cruiser.cjs
// Type-only imports count: a cycle through types is still a cycle.

/** node/ folders every role builds on; they never import a role. */
const NODE_SHARED =
  'state|genesis|stream|block|finality|commitment|executor|evmCompiler|config|mempool|snapshot|witness'
/** node/ folders that are roles: each runs one part of the chain on top of the shared pieces. */
const NODE_ROLES = 'sequencer|replica|fullnode|verifier|da|link|cli'
const TESTS =
  '\\.(test|fuzz\\.test|case\\.test|kill\\.test|bench|fixture)\\.(ts|tsx|mjs)$|TestSupport\\.ts$|(^|/)tests?/'
/** Benchmarks and the tooling only they use: like tests, they may use @rtevm/testkit. */
const BENCHES = '(^|/)bench(/|\\.ts$)|^node/src/diffsize/'
/** protocol/'s entry files, one per subpath in its package.json `exports` ("@rtevm/protocol/rlp", …). */
const PROTOCOL_ENTRIES = Object.values(require('./protocol/package.json').exports).map(
  (file) => `^protocol/${file.replace(/^\.\//, '').replaceAll('.', '\\.')}$`,
)
/** client/'s entry files ("@rtevm/client", "@rtevm/client/react"). */
const CLIENT_ENTRIES = Object.values(require('./client/package.json').exports).map(
  (file) => `^client/${file.replace(/^\.\//, '').replaceAll('.', '\\.')}$`,
)
/** The files a workspace package's `exports` name: the only way into it from another package. */
const PACKAGE_ENTRIES = [
  ...PROTOCOL_ENTRIES,
  ...CLIENT_ENTRIES,
  '^node/src/index\\.ts$',
  '^node/src/bench\\.ts$',
  '^rpc-edge/src/index\\.ts$',
  '^rpc-edge/src/bench\\.ts$',
  '^indexer/src/index\\.ts$',
  '^indexer/src/bench/index\\.ts$',
  '^testkit/src/index\\.ts$',
  '^explorer/bench/index\\.ts$',
  '^playground/bench/index\\.ts$',
]
const PACKAGES = 'protocol|client|node|rpc-edge|indexer|testkit|explorer|playground'
/** Product code: everything in these packages but tests, test support and benchmarks. */
const PRODUCTS = 'protocol|client|node|rpc-edge|indexer|explorer|playground'

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycle anywhere, tests included: move the shared piece below both sides.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'node-shared-below-roles',
      comment: `node/src/{${NODE_SHARED}} must not import the roles (${NODE_ROLES}): roles build on them, not the reverse.`,
      severity: 'error',
      from: { path: `^node/src/(${NODE_SHARED})/`, pathNot: TESTS },
      to: { path: `^node/src/(${NODE_ROLES})/` },
    },
    {
      name: 'node-folders-through-index',
      comment:
        'A node/src folder is entered only through its index.ts, its public surface (bench/ has none).',
      severity: 'error',
      from: { path: '^node/src/([^/]+)/', pathNot: TESTS },
      to: {
        path: '^node/src/[^/]+/',
        pathNot: ['^node/src/$1/', '^node/src/[^/]+/index\\.ts$', '^node/src/bench/'],
      },
    },
    {
      name: 'packages-through-exports',
      comment:
        'A workspace package is imported only through its package.json exports, never by a deep path (bench/ and scripts/ included).',
      severity: 'error',
      from: { path: `^(${PACKAGES}|bench|scripts)/` },
      to: { path: `^(${PACKAGES})/`, pathNot: ['^$1/', ...PACKAGE_ENTRIES] },
    },
    {
      name: 'apps-only-from-bench',
      comment:
        'The apps (explorer, playground) export only their benchmarks ("./bench"), for bench/run.ts: nothing else imports them.',
      severity: 'error',
      from: { path: '^([^/]+)/', pathNot: '^bench/' },
      to: { path: '^(explorer|playground)/', pathNot: '^$1/' },
    },
    {
      name: 'no-testkit-in-products',
      comment:
        '@rtevm/testkit is test support: only tests, *TestSupport.ts files and benchmarks import it, never product code.',
      severity: 'error',
      from: { path: `^(${PRODUCTS})/`, pathNot: [TESTS, BENCHES] },
      to: { path: '^testkit/' },
    },
    {
      name: 'ethereumjs-only-in-node',
      comment:
        'Only node/ imports @ethereumjs/*; everything else goes through @rtevm/node. testkit/ may too: its reference chain and state root are EthereumJS itself, the oracle node/ is tested against.',
      severity: 'error',
      from: { pathNot: '^(node|testkit)/' },
      to: { path: '@ethereumjs/' },
    },
    {
      name: 'protocol-imports-no-workspace-package',
      comment: 'protocol/ is the bottom layer: it imports no other workspace package.',
      severity: 'error',
      from: { path: '^protocol/' },
      to: { path: '^(node|rpc-edge|indexer|testkit|explorer|playground|bench|scripts)/' },
    },
    {
      name: 'client-is-client-side',
      comment:
        'client/ is what apps and users load: it speaks to the chain over the wire and imports only protocol/ (its tests start a real chain).',
      severity: 'error',
      from: { path: '^client/', pathNot: TESTS },
      to: { path: '^(node|rpc-edge|indexer|testkit|explorer|playground|bench|scripts)/' },
    },
    {
      name: 'protocol-runs-in-browser',
      comment:
        'protocol/ and client/ run in a browser: no node: builtins (nor Buffer; protocol/src/runsInBrowser.test.ts checks that). Tests run in Node and may.',
      severity: 'error',
      from: { path: '^(protocol|client)/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'edge-methods-know-no-node',
      comment:
        "rpc-edge/ types against the capabilities in protocol/; only the wiring (edge/createEdge.ts, cli/, bench/) and tests know @rtevm/node. readpool/runReadWorker.ts too: it is a read worker thread's entry, the wiring of that thread's own replica, caller and tracer (createEdge.ts's counterpart).",
      severity: 'error',
      from: {
        path: '^rpc-edge/src/',
        pathNot: [
          TESTS,
          '^rpc-edge/src/edge/createEdge\\.ts$',
          '^rpc-edge/src/readpool/runReadWorker\\.ts$',
          '^rpc-edge/src/cli/',
          '^rpc-edge/src/bench(/|\\.ts$)',
        ],
      },
      to: { path: '^node/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would hide its edge from every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: {
      path: '(^|/)(node_modules|dist|\\.next|\\.next-test|test-results|generated|results)/|\\.tmp\\.|next-env\\.d\\.ts$',
    },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
