/** Where the SDK writes what it does. Any object with these four methods fits (console, pino). */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const ignore = () => {};

/** Warnings and errors to the console, prefixed; debug and info are dropped. */
export const consoleLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: (message, ...details) => console.warn(`[flagswitch] ${message}`, ...details),
  error: (message, ...details) => console.error(`[flagswitch] ${message}`, ...details),
};

/** Drops everything (tests, or hosts that watch `on("error")` instead). */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
