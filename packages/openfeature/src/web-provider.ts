/**
 * The OpenFeature web provider over a FlagSwitch `BrowserClient`. In the web paradigm the
 * context is static: `initialize` and `onContextChange` hand it to the client (`identify`),
 * which fetches that context's evaluated values; evaluations are then synchronous lookups.
 */
import type { JsonValue } from "@flagswitch/core";
import type { BrowserClient, ClientStatus } from "@flagswitch/sdk/browser";
import {
  type EvaluationContext,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
  type TrackingEventDetails,
} from "@openfeature/web-sdk";
import { toFlagSwitchContext } from "./map-context.js";
import { toResolution } from "./map-resolution.js";
import { type ClientFollower, followClient } from "./provider-events.js";

/**
 * @example
 * ```ts
 * import { OpenFeature } from "@openfeature/web-sdk";
 * import { createBrowserClient } from "@flagswitch/sdk/browser";
 * import { FlagSwitchWebProvider } from "@flagswitch/openfeature/web";
 *
 * const client = createBrowserClient({ clientKey, baseUrl, context: { key: "anonymous" } });
 * await OpenFeature.setProviderAndWait(new FlagSwitchWebProvider(client), { targetingKey: user.id });
 * const enabled = OpenFeature.getClient().getBooleanValue("new-checkout", false);
 * ```
 */
export class FlagSwitchWebProvider implements Provider {
  readonly metadata = { name: "FlagSwitch" } as const;
  readonly runsOn = "client" as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly client: BrowserClient;
  #follower: ClientFollower | undefined;

  constructor(client: BrowserClient) {
    this.client = client;
  }

  /** Switches the client to OpenFeature's context (if one is set) and waits for its values. */
  async initialize(context?: EvaluationContext): Promise<void> {
    const follower = this.#follow();
    const status = await this.#settle(context);
    if (status === "failed") {
      follower.markFailed();
      throw new Error(
        "FlagSwitch: the browser client has no flags (the server did not answer and nothing was cached); defaults are served until flags arrive",
      );
    }
  }

  /** OpenFeature holds the provider in RECONCILING until the new context's values are in. */
  async onContextChange(_old: EvaluationContext, next: EvaluationContext): Promise<void> {
    const status = await this.client.identify(toFlagSwitchContext(next));
    if (status === "failed") {
      this.#follower?.markFailed();
      throw new Error("FlagSwitch: could not fetch the flags for the new context");
    }
  }

  /** Closes the client: the provider owns it once given to OpenFeature. */
  async onClose(): Promise<void> {
    this.#follower?.stop();
    this.#follower = undefined;
    await this.client.close();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean): ResolutionDetails<boolean> {
    return this.#resolve(flagKey, defaultValue);
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string> {
    return this.#resolve(flagKey, defaultValue);
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number> {
    return this.#resolve(flagKey, defaultValue);
  }

  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
  ): ResolutionDetails<T> {
    return this.#resolve(flagKey, defaultValue);
  }

  /** OpenFeature's tracking API → a FlagSwitch conversion for the client's context. */
  track(eventName: string, _context: EvaluationContext, details: TrackingEventDetails): void {
    this.client.track(eventName, details.value);
  }

  #settle(context: EvaluationContext | undefined): Promise<ClientStatus> {
    if (context === undefined || Object.keys(context).length === 0) return this.client.ready();
    return this.client.identify(toFlagSwitchContext(context));
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

  #resolve<T extends JsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
    return toResolution(flagKey, this.client.variationDetail(flagKey, defaultValue), defaultValue);
  }
}
