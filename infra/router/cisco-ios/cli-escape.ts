// What must change between a configuration line and the keystrokes that type it.
// On the IOS CLI a `?` asks for context help wherever it is typed (the line is then redrawn
// without it); Ctrl-V (0x16) before it makes the next character literal. Nothing else in pibx's
// lines is special: `$` and `"` are plain characters to the parser.

export const CTRL_V = "\x16";

export function escapeForIosCli(line: string): string {
  return line.replace(/\?/g, `${CTRL_V}?`);
}
