// The local Slack shared by the sandbox and the end-to-end tests.
export { blockKitProblems, viewProblems } from "./block-kit-limits.js";
export { DEFAULT_IDENTITY, SlackEmulator, type ApiCall, type EmulatorIdentity, type Outcome, type ResponseTarget } from "./emulator.js";
export { signedHeaders, slackSignature } from "./signer.js";
export * from "./to-bot.js";
export { methodSpec, type MethodSpec } from "./web-api-spec.js";
export { dmIdFor, Workspace, type Change, type Conversation, type FileRecord, type Json, type Message, type Person, type View } from "./workspace.js";
