export { createFullNode, type FullNode, type FullNodeOptions } from './createFullNode.ts'
