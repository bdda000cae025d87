// baresip 1.0 config and accounts files for one phone (pure). Without a sound card: play a WAV
// through `aufile`, send what is heard to an `aubridge` sink, and record both directions with
// `sndfile` (dump-*-dec.wav = heard, dump-*-enc.wav = sent). No `stdio`: it runs without a terminal.

export interface BaresipConfig {
  readonly listenAddress: string;
  readonly sipPort: number;
  readonly ctrlPort: number;
  readonly rtpPorts: readonly [number, number];
  /** WAV played as the microphone (the call ends when it runs out: make it long). */
  readonly audio: string;
  readonly recordDir: string;
}

export interface BaresipAccount {
  readonly username: string;
  readonly password?: string;
  /** Registrar host (and call domain); absent for a phone that does not register. */
  readonly registrar?: string;
  readonly autoAnswer: boolean;
}

export function renderBaresipConfig(c: BaresipConfig): string {
  return `poll_method epoll
sip_listen ${c.listenAddress}:${c.sipPort}
call_local_timeout 120
call_max_calls 4
audio_player aubridge,sink
audio_source aufile,${c.audio}
audio_alert aubridge,sink
audio_srate 8000
audio_channels 1
rtp_ports ${c.rtpPorts[0]}-${c.rtpPorts[1]}
rtp_timeout 0
module_path /usr/lib/baresip/modules
module g711.so
module aufile.so
module aubridge.so
module sndfile.so
module_app account.so
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen 127.0.0.1:${c.ctrlPort}
statmode_default off
snd_path ${c.recordDir}
`;
}

export function renderBaresipAccounts(a: BaresipAccount, localAddress: string): string {
  const answer = `answermode=${a.autoAnswer ? "auto" : "manual"}`;
  if (!a.registrar) return `<sip:${a.username}@${localAddress}>;regint=0;${answer}\n`;
  const pass = a.password ? `;auth_pass=${a.password}` : "";
  return `<sip:${a.username}@${a.registrar}>${pass};regint=300;${answer}\n`;
}
