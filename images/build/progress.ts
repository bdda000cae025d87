// What the build prints: which step it is in ("[4/12] board layer"), and a percentage while it
// writes or compresses big files. Goes to stderr so stdout stays for the result.

export interface Progress {
  step(name: string, detail?: string): void;
  note(text: string): void;
  bytes(done: number, total: number): void;
  done(text: string): void;
}

export function consoleProgress(totalSteps: number, out: NodeJS.WritableStream = process.stderr): Progress {
  let index = 0;
  let started = Date.now();
  let current = "";
  let lastPercent = -1;
  const tty = (out as NodeJS.WriteStream).isTTY === true;
  const secs = () => ((Date.now() - started) / 1000).toFixed(1);
  return {
    step(name, detail) {
      index++;
      started = Date.now();
      current = name;
      lastPercent = -1;
      out.write(`[${index}/${totalSteps}] ${name}${detail ? `: ${detail}` : ""}\n`);
    },
    note(text) {
      out.write(`      ${current}: ${text}\n`);
    },
    bytes(done, total) {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      // A terminal gets a live line; a log gets a line every 10 %.
      if (tty ? percent !== lastPercent : Math.floor(percent / 10) !== Math.floor(lastPercent / 10)) {
        lastPercent = percent;
        const mib = (done / 1048576).toFixed(0);
        const line = `      ${current}: ${String(percent).padStart(3)} % (${mib} MiB, ${secs()} s)`;
        out.write(tty ? `\r${line}${percent >= 100 ? "\n" : ""}` : `${line}\n`);
      }
    },
    done(text) {
      out.write(`      ${current}: ${text} (${secs()} s)\n`);
    },
  };
}

export const silentProgress: Progress = { step() {}, note() {}, bytes() {}, done() {} };
