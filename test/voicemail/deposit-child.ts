// The child of the voicemail durability test: opens the store (running its crash recovery),
// then deposits messages of synthetic audio in a loop, printing "SAVED <box> <id>" only after
// commit() returned — the moment a caller would hear "message saved". The parent SIGKILLs it
// at random moments. Arguments: <root> <seed> <deposits>.
import { SeededRandom, SystemClock } from "../../appliance/base/index.ts";
import { VoicemailStore } from "../../appliance/pbx/voicemail/voicemail-store.ts";

const [root, seedArg, countArg] = process.argv.slice(2);
if (!root || !seedArg || !countArg) {
  process.stderr.write("usage: deposit-child <root> <seed> <deposits>\n");
  process.exit(2);
}
const rnd = new SeededRandom(Number(seedArg));
const unit = () => rnd.nextU32() / 2 ** 32;
let tokenCounter = 0;

const store = await VoicemailStore.open({
  root,
  clock: new SystemClock(),
  maxMessages: 10_000,
  maxMessageSeconds: 10,
  randomToken: () => `s${seedArg}n${tokenCounter++}x${rnd.nextU32().toString(36)}`,
});
process.stdout.write(`READY ${store.recovery.tempFilesRemoved} ${store.recovery.orphanAudioRemoved}\n`);

for (let n = 0; n < Number(countArg); n++) {
  const box = unit() < 0.5 ? "100" : "101";
  const rec = await store.beginMessage(box, { number: `1777555${String(n).padStart(4, "0")}` });
  const frames = 5 + Math.floor(unit() * 150); // 0.1 s to 3 s
  const freq = 200 + unit() * 1500;
  for (let f = 0; f < frames; f++) {
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++) {
      const t = f * 160 + i;
      pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * freq * t) / 8000) + (unit() - 0.5) * 2000);
    }
    rec.write(pcm);
    // Let the recorder's queued writes reach the disk between frames, as a live call would.
    if (f % 10 === 9) await new Promise<void>((r) => setImmediate(r));
  }
  const meta = await rec.commit();
  process.stdout.write(`SAVED ${box} ${meta.id}\n`);
}
process.stdout.write("DONE\n");
