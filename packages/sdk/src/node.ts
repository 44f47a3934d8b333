/**
 * @flagswitch/sdk/node — everything in the universal entry, plus what needs Node's file system:
 * the file source (a JSON document on disk, re-read on change) and the file cache.
 */

export { createFileCache } from "./file-cache.js";
export * from "./index.js";
export { createFileSource, type FileSourceOptions } from "./sources/file.js";
