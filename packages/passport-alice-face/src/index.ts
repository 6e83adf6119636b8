export { AliceFaceStrategy, AliceFaceStrategy as Strategy } from './strategy.js';
export { AliceFaceError, type AliceFaceErrorCode } from './errors.js';
export { MemoryReplayStore, type MemoryReplayStoreOptions, type ReplayStore } from './replay-store.js';
export { RedisReplayStore, type RedisReplayStoreOptions } from './redis-replay-store.js';
export type {
  AliceFaceFailure,
  AliceFaceSuccessInfo,
  Authentication,
  AuthenticationCheck,
  AuthenticationSource,
  ClientSettings,
  FailureCode,
  Scores,
  StrategyOptions,
  StrategyOptionsWithRequest,
  VerifyDone,
  VerifyFunction,
  VerifyFunctionWithRequest,
} from './types.js';
export { AliceFaceStrategy as default } from './strategy.js';
