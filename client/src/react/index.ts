// React hooks over the actions: a subpath of its own, so users without React never load it.
export { type UseMiniBlocksParameters, useMiniBlocks } from './useMiniBlocks.ts'
export { type RealtimeClientParameter, useRealtimeClient } from './useRealtimeClient.ts'
export { type UseStateChangesParameters, useStateChanges } from './useStateChanges.ts'
export { type UseSyncSendParameters, type UseSyncSendReturnType, useSyncSend } from './useSyncSend.ts'
