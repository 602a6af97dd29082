// The local Slack shared by the sandbox and the end-to-end tests.
export { blockKitProblems, checkBlocks, checkView, viewProblems } from "./block-kit-limits.js";
export { type ApiCall, DEFAULT_IDENTITY, type EmulatorIdentity, type Outcome, type ResponseTarget, SlackEmulator } from "./emulator.js";
export { leastTimeSeconds, METHOD_TIERS, POSTS_PER_SECOND_PER_CHANNEL, RateLimits, type RateLimitVerdict, TIER_PER_MINUTE, type Tier } from "./rate-limits.js";
export { signedHeaders, slackSignature } from "./signer.js";
export * from "./to-bot.js";
export { type MethodSpec, methodSpec } from "./web-api-spec.js";
export { type Change, type Conversation, dmIdFor, type FileRecord, type Json, type Message, type Person, type View, Workspace } from "./workspace.js";
