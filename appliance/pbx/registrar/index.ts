export type { Binding, BindingSource } from "./binding.ts";
export { secondsLeft } from "./binding.ts";
export type { BindingStore } from "./binding-store.ts";
export { MemoryBindingStore } from "./binding-store.ts";
export { FileBindingStore } from "./file-binding-store.ts";
export type {
  RegisterContext,
  RegistrarOptions,
  RegistrarReply,
  RegistrarSettings,
} from "./registrar.ts";
export { DEFAULT_REGISTRAR_SETTINGS, Registrar } from "./registrar.ts";
export type { RequestPolicyDeps } from "./request-policy.ts";
export { installRequestPolicy, POLICY_METHODS } from "./request-policy.ts";
