export { createHeartbeat, type Heartbeat } from './createHeartbeat.ts'
export { createStreamPublisher, type StreamPublisher } from './createStreamPublisher.ts'
export { createSubscriptionMethods } from './createSubscriptionMethods.ts'
export {
  type Channel,
  createSubscriptionRegistry,
  type SubscriberConnection,
  type SubscriptionRegistry,
  type TopicBus,
  type TopicMember,
} from './createSubscriptionRegistry.ts'
export {
  createSubscriptionReplay,
  type ReplayedNotification,
  type SubscriptionReplay,
} from './createSubscriptionReplay.ts'
export { defaultSubscriptionKinds } from './defaultSubscriptionKinds.ts'
export { ReplayUnavailableError } from './errors.ts'
export {
  type LogsFilter,
  logsKind,
  type ParsedSubscription,
  resumableKind,
  type SubscriptionKind,
  type SubscriptionKinds,
  unfilteredKind,
} from './SubscriptionKind.ts'
