import assert from "node:assert/strict";
import { test } from "node:test";
import type { Device, Extension, IvrMenu, Trunk } from "../../schemas/index.ts";
import { describeDestination } from "./destination.ts";
import { summarizeDevices, summarizeExtensions, summarizeIvrMenus, summarizeTrunks } from "./summary.ts";

const extensions: Extension[] = [
  {
    number: "100",
    name: "Operator",
    password: { secret: "ext100" },
    devices: ["desk"],
    voicemail: { pin: { secret: "vm100" } },
    permissions: "international",
    ringTimeout: 20,
  },
  {
    number: "101",
    name: "Alice",
    password: { secret: "ext101" },
    devices: ["desk", "alice"],
    permissions: "national",
    ringTimeout: 20,
  },
];
const devices: Device[] = [
  { id: "desk", type: "desk", vendor: "cisco-mpp", model: "7821", mac: "00:1B:54:AA:BB:CC" },
  { id: "alice", type: "softphone", app: "linphone" },
];

test("extensions keep numbers, devices and whether they have a voicemail box", () => {
  assert.deepEqual(summarizeExtensions(extensions), [
    { number: "100", name: "Operator", devices: ["desk"], voicemail: true, permissions: "international" },
    { number: "101", name: "Alice", devices: ["desk", "alice"], voicemail: false, permissions: "national" },
  ]);
});

test("devices list the extensions that ring on them", () => {
  assert.deepEqual(summarizeDevices(devices, extensions), [
    { id: "desk", type: "desk", model: "cisco-mpp 7821", extensions: ["100", "101"] },
    { id: "alice", type: "softphone", model: "linphone", extensions: ["101"] },
  ]);
});

test("trunks show their server and where each DID goes", () => {
  const trunk: Trunk = {
    name: "provider",
    host: "sip.example.net",
    port: 5060,
    transport: "udp",
    username: "15550123",
    password: { secret: "trunk" },
    register: true,
    dids: [{ number: "15550123", destination: { ivr: "main" } }],
    outbound: { patterns: ["NXXNXXXXXX"], callerIdSource: "from" },
    maxCalls: 2,
  };
  assert.deepEqual(summarizeTrunks([trunk]), [
    {
      name: "provider",
      server: "udp:sip.example.net:5060",
      register: true,
      dids: [{ number: "15550123", destination: "ivr main" }],
    },
  ]);
});

test("IVR options are sorted by digits and hidden ones are marked", () => {
  const menu: IvrMenu = {
    name: "main",
    number: "700",
    greeting: { say: "Hello" },
    options: {
      "9": { destination: { extension: "102" }, hidden: true },
      "13": { destination: { extension: "100" }, hidden: false },
      "1": { destination: { extension: "101" }, hidden: false },
      "0": { destination: { voicemail: "100" }, hidden: false },
    },
    firstDigitTimeout: 5,
    interDigitTimeout: 2,
    retries: 2,
    dialByExtension: false,
  };
  assert.deepEqual(summarizeIvrMenus([menu]), [
    {
      name: "main",
      number: "700",
      options: {
        "0": "voicemail 100",
        "1": "extension 101",
        "13": "extension 100",
        "9": "extension 102 (hidden)",
      },
    },
  ]);
});

test("every kind of destination has a readable name", () => {
  assert.deepEqual(
    [
      { extension: "101" },
      { ringGroup: "sales" },
      { voicemail: "100" },
      { conference: "800" },
      { ivr: "main" },
      { hangup: true as const },
    ].map(describeDestination),
    ["extension 101", "ring group sales", "voicemail 100", "conference 800", "ivr main", "hangup"],
  );
});
