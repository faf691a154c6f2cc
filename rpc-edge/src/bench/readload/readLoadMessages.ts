/** What the read-load benchmark's child processes say to the parent over IPC. */

import type { ReadPoolStats } from '../../readpool/index.ts'

/** The edge child: its URL once ready; on `report`, its resident memory (main thread and workers) and where reads ran. */
export type ReadLoadEdgeMessage =
  | { type: 'ready'; wsUrl: string }
  | { type: 'memory'; rssBytes: number; reads?: ReadPoolStats }

/** The read-load child: how many reads were answered (and failed) over its run. */
export type ReadLoadClientMessage =
  | { type: 'connected' }
  | { type: 'done'; reads: number; errors: number; seconds: number; firstError?: string }
