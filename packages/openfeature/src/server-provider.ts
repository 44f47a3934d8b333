/**
 * The OpenFeature server provider: every evaluation runs in-process in a FlagSwitch
 * `FlagClient`, for whatever context OpenFeature passes. Client changes become
 * `ConfigurationChanged` events naming the changed flags.
 */
import type { JsonValue } from "@flagswitch/core";
import type { FlagClient } from "@flagswitch/sdk";
import {
  type EvaluationContext,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
  type TrackingEventDetails,
} from "@openfeature/server-sdk";
import { toFlagSwitchContext } from "./map-context.js";
import { toResolution } from "./map-resolution.js";
import { type ClientFollower, followClient } from "./provider-events.js";

export interface FlagSwitchProviderOptions {
  /** Timeout for the client's first flags in `initialize` (default: the client's own, 5 s). */
  readyTimeoutMs?: number;
}

/**
 * @example
 * ```ts
 * import { OpenFeature } from "@openfeature/server-sdk";
 * import { createClient } from "@flagswitch/sdk";
 * import { FlagSwitchProvider } from "@flagswitch/openfeature/server";
 *
 * await OpenFeature.setProviderAndWait(new FlagSwitchProvider(createClient({ sdkKey, baseUrl })));
 * const enabled = await OpenFeature.getClient().getBooleanValue("new-checkout", false, {
 *   targetingKey: "user-42",
 * });
 * ```
 */
export class FlagSwitchProvider implements Provider {
  readonly metadata = { name: "FlagSwitch" } as const;
  readonly runsOn = "server" as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly client: FlagClient;
  readonly #readyTimeoutMs: number | undefined;
  #follower: ClientFollower | undefined;

  constructor(client: FlagClient, options: FlagSwitchProviderOptions = {}) {
    this.client = client;
    this.#readyTimeoutMs = options.readyTimeoutMs;
  }

  /** Resolves once the client has flags; rejects (OpenFeature's ERROR state) if it has none. */
  async initialize(): Promise<void> {
    const follower = this.#follow();
    const status = await this.client.ready(
      this.#readyTimeoutMs === undefined ? {} : { timeoutMs: this.#readyTimeoutMs },
    );
    if (status === "failed") {
      follower.markFailed();
      throw new Error(
        "FlagSwitch: the client has no flags (no server, cache or bootstrap answered); defaults are served until flags arrive",
      );
    }
  }

  /** Closes the client: the provider owns it once given to OpenFeature. */
  async onClose(): Promise<void> {
    this.#follower?.stop();
    this.#follower = undefined;
    await this.client.close();
  }

  async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return this.#resolve(flagKey, defaultValue, context);
  }

  async resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return this.#resolve(flagKey, defaultValue, context);
  }

  async resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return this.#resolve(flagKey, defaultValue, context);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return this.#resolve(flagKey, defaultValue, context);
  }

  /** OpenFeature's tracking API → a FlagSwitch conversion (`details.value` is its value). */
  track(eventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    this.client.track(eventName, toFlagSwitchContext(context), details.value);
  }

  #follow(): ClientFollower {
    this.#follower ??= followClient(this.client, {
      ready: (message) => this.events.emit(ProviderEvents.Ready, { message }),
      error: (message) => this.events.emit(ProviderEvents.Error, { message }),
      configurationChanged: (flagsChanged) =>
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged }),
    });
    return this.#follower;
  }

  #resolve<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    const result = this.client.variationDetail(flagKey, toFlagSwitchContext(context), defaultValue);
    return toResolution(flagKey, result, defaultValue);
  }
}
