// The virtual home lab as a library (see ../../../shared/design/LAB.md).
export { type Appliance, type ApplianceOptions, startAppliance } from "./appliance.ts";
export { dominantFrequency, goertzelPower, isSilent, rms, rmsOf } from "./audio.ts";
export { BaresipCtrl, type BaresipEvent, type BaresipResponse } from "./baresip-ctrl.ts";
export { type Capture, type CaptureOptions, capture, DEFAULT_FIELDS, type Packet } from "./capture.ts";
export { type DhcpLease, readDhcpLease, waitForDhcpLease } from "./dhcp-client.ts";
export {
  type BoxStatus,
  type DaemonStatus,
  down,
  exec,
  type LabStatus,
  status,
  type UpResult,
  up,
} from "./lab.ts";
export { LabError } from "./lab-error.ts";
export { acquireLabLock, LOCK_PATH, releaseLabLock } from "./lab-lock.ts";
export { configureLabRouterByHand, type DhcpServerOptions, startDhcpServer } from "./lab-router.ts";
export { DEFAULT_RUN_DIR, type LabOptions, labOptions, type SipAccount } from "./options.ts";
export {
  type CallEventType,
  type DeskPhoneOptions,
  Phone,
  type PhoneOptions,
  startDeskPhone,
  startPhone,
} from "./phone.ts";
export { type RestartOptions, restartProvider, SIP_PORT, STUN_PORT } from "./provider.ts";
export { currentSettings, type LabSettings, type LabState, readState } from "./run-dir.ts";
export { type LabSshKey, sshArgv, sshKeyPaths } from "./sshd.ts";
export { openTcpStream, proxyCommand, type TcpStream, tcpBridgeArgv } from "./tcp-bridge.ts";
export { generateSilence, generateTone, type ToneOptions } from "./tone.ts";
export {
  addressOf,
  type Box,
  type BoxName,
  boxes,
  interfaceOf,
  netnsOf,
  type Segment,
  segments,
} from "./topology.ts";
export { type Datagram, listenUdp, sendUdp, type UdpListener } from "./udp-probe.ts";
export { isListening, type Proto, waitForPort } from "./wait-for-port.ts";
export { readWav, type Wav } from "./wav.ts";
