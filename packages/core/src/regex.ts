/**
 * Regular expressions for the `matches` operator. Only the subset that ECMAScript (`u`), RE2
 * (Go) and Python `re` read the same way is accepted, checked by one scan every SDK repeats:
 * no `(?` group other than `(?:` outside a character class (look-around, named groups, inline
 * flags) and no back-reference (`\1`–`\9`, `\k`).
 */

export const MAX_PATTERN_LENGTH = 256;

/** The compiled pattern, or a message saying why it is refused. */
export function compilePattern(pattern: string): RegExp | string {
  if ([...pattern].length > MAX_PATTERN_LENGTH) {
    return `regex is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  const unportable = findUnportableConstruct(pattern);
  if (unportable) return unportable;
  try {
    return new RegExp(pattern, "u");
  } catch (error) {
    return `regex does not compile: ${(error as Error).message}`;
  }
}

function findUnportableConstruct(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      const next = pattern[i + 1] ?? "";
      if ((next >= "1" && next <= "9") || next === "k") {
        return `regex uses a back-reference ("\\${next}"), which not every SDK supports`;
      }
      i++;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
    } else if (char === "(" && pattern[i + 1] === "?" && pattern[i + 2] !== ":") {
      return 'regex uses a "(?" group other than "(?:" (look-around, named group or inline flag), which not every SDK supports';
    }
  }
  return undefined;
}
