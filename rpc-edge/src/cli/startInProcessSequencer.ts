import {
  applyCliOptions,
  createLinkServer,
  createSequencer,
  defineConfig,
  type LinkServer,
  type Sequencer,
  type SequencerConfigInput,
  sequencerOptions,
  sequencerProfileInput,
} from '@rtevm/node'
import type { DeploymentProfile } from '@rtevm/protocol'

/** Where the sequencer keeps its log unless told otherwise, as `rtevm sequencer` does. */
const DEFAULT_DATA_DIR = '.rtevm/data'

export type InProcessSequencer = {
  sequencer: Sequencer
  /** The sequencer's own link, for the followers in other processes (full nodes, verifiers, indexers). */
  link: LinkServer
  close(): Promise<void>
}

/**
 * `rtevm-edge --sequencer in-process`: the sequencer runs in the edge's
 * process, configured from the environment exactly as `rtevm sequencer` is
 * (`RTEVM_*`) under the edge's profile, and still serves its link to followers elsewhere.
 */
export async function startInProcessSequencer(
  env: NodeJS.ProcessEnv,
  profile: DeploymentProfile,
): Promise<InProcessSequencer> {
  const input = applyCliOptions<SequencerConfigInput>(
    sequencerOptions,
    {},
    env,
    sequencerProfileInput(profile),
  )
  if (env.RTEVM_DATA_DIR === undefined) input.dataDir = DEFAULT_DATA_DIR
  const sequencer = await createSequencer(defineConfig(input))
  let link: LinkServer
  try {
    link = await createLinkServer({ config: sequencer.config.link, backend: sequencer })
  } catch (error) {
    await sequencer.close()
    throw error
  }
  return {
    sequencer,
    link,
    async close() {
      await link.close()
      await sequencer.close()
    },
  }
}
