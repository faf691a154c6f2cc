import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Codes of the playground's errors (strings, so `protocol/` needs no new entries). */
export const PlaygroundErrorCode = {
  DeployerUsed: 'PLAYGROUND_DEPLOYER_USED',
  DeployFailed: 'PLAYGROUND_DEPLOY_FAILED',
  BadMarketInput: 'PLAYGROUND_BAD_MARKET_INPUT',
} as const

/**
 * The deployer account already sent transactions that did not create the playground
 * contracts, so their deterministic addresses hold nothing: use a fresh devnet or another key.
 */
export class PlaygroundDeployerUsedError extends RtevmError {
  override name = 'PlaygroundDeployerUsedError'
  constructor(deployer: string, nonce: number, missing: string) {
    super(
      PlaygroundErrorCode.DeployerUsed,
      `deployer ${deployer} is at nonce ${nonce} but ${missing} has no code at its expected address`,
    )
  }
}

/** A deployment or mint transaction was mined but reverted, or never got a receipt. */
export class PlaygroundDeployError extends RtevmError {
  override name = 'PlaygroundDeployError'
  constructor(step: string, options: RtevmErrorOptions = {}) {
    super(PlaygroundErrorCode.DeployFailed, `playground deployment failed at: ${step}`, options)
  }
}

/** A price or size outside what the order book accepts (checked before a transaction is sent). */
export class PlaygroundMarketInputError extends RtevmError {
  override name = 'PlaygroundMarketInputError'
  constructor(what: string) {
    super(PlaygroundErrorCode.BadMarketInput, what)
  }
}
