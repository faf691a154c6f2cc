export { createStreamPublisher, type StreamPublisher } from './createStreamPublisher.ts'
export { createSubscriptionMethods } from './createSubscriptionMethods.ts'
export {
  type Channel,
  createSubscriptionRegistry,
  type SubscriptionRegistry,
  type TopicBus,
  type TopicMember,
} from './createSubscriptionRegistry.ts'
export {
  defaultSubscriptionKinds,
  type LogsFilter,
  logsKind,
  type SubscriptionKind,
  type SubscriptionKinds,
  unfilteredKind,
} from './SubscriptionKind.ts'
