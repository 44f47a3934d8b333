/**
 * One environment's validated document as served to SDKs, with its encodings made once and
 * kept: JSON and MessagePack, each plain or gzipped. A poll answers with prebuilt bytes.
 */
import { gzipSync } from "node:zlib";
import type { FlagDocument } from "@flagswitch/core";
import { encode } from "@msgpack/msgpack";

export type DocumentFormat = "json" | "msgpack";

export class PublishedDocument {
  readonly etag: string;
  /** Keys of the flags browsers may evaluate (`clientSide`). */
  readonly clientSideFlagKeys: readonly string[];
  private readonly encodings = new Map<string, Buffer>();

  constructor(
    readonly environmentId: string,
    readonly projectKey: string,
    /** Validated (precompiled, frozen) by `validateDocument`. */
    readonly document: FlagDocument,
  ) {
    // Weak: the same version is served in several encodings. The environment id keeps two
    // environments at the same version apart when a client switches keys.
    this.etag = `W/"${environmentId}.${document.version}"`;
    this.clientSideFlagKeys = Object.values(document.flags)
      .filter((flag) => flag.clientSide === true)
      .map((flag) => flag.key);
  }

  get version(): number {
    return this.document.version;
  }

  get environmentKey(): string {
    return this.document.environment;
  }

  body(format: DocumentFormat, gzip: boolean): Buffer {
    const name = `${format}${gzip ? ".gz" : ""}`;
    let bytes = this.encodings.get(name);
    if (!bytes) {
      bytes = gzip ? gzipSync(this.body(format, false)) : this.encode(format);
      this.encodings.set(name, bytes);
    }
    return bytes;
  }

  /** The document as JSON text (the SSE `put` payload). */
  json(): string {
    return this.body("json", false).toString("utf8");
  }

  private encode(format: DocumentFormat): Buffer {
    if (format === "json") return Buffer.from(JSON.stringify(this.document), "utf8");
    const packed = encode(this.document);
    return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  }
}
