// Compiles Solidity off the main thread with solc-js. soljson.js (the compiler, ~9 MB) comes
// from the playground's own server (/soljson.js, read from the installed `solc` package):
// nothing is fetched from the network. One message in: { id, source, evmVersion }; one out:
// { id, output } (solc's standard JSON) or { id, error }.
let compile
let version

function load() {
  if (compile) return
  importScripts('/soljson.js')
  const solc = self.Module
  compile = solc.cwrap('solidity_compile', 'string', ['string', 'number', 'number'])
  version = solc.cwrap('solidity_version', 'string', [])()
}

self.onmessage = (event) => {
  const { id, source, evmVersion } = event.data
  try {
    load()
    const input = {
      language: 'Solidity',
      sources: { 'Contract.sol': { content: source } },
      settings: {
        optimizer: { enabled: true, runs: 200 },
        evmVersion,
        outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
      },
    }
    // No import callback (0): a pasted contract is one file.
    const output = JSON.parse(compile(JSON.stringify(input), 0, 0))
    self.postMessage({ id, output, version })
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) })
  }
}
