import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { type Lab, loadLab } from "../../schemas/index.ts";
import { type SemanticDiffOptions, semanticDiff } from "./semantic-diff.ts";

const example = (() => {
  const { lab } = loadLab(fileURLToPath(new URL("../../examples/home-lab/lab.yaml", import.meta.url)));
  assert.ok(lab, "the example lab loads");
  return lab;
})();

/** The example lab with one edit applied to a deep copy. */
function edited(edit: (lab: Lab) => void): Lab {
  const copy = structuredClone(example);
  edit(copy);
  return copy;
}

interface Case {
  name: string;
  edit: (lab: Lab) => void;
  expected: string[];
  options?: SemanticDiffOptions;
}

const cases: Case[] = [
  {
    name: "an IVR option's destination",
    edit: (lab) => {
      lab.ivrMenus[0]!.options["13"] = { destination: { extension: "101" }, hidden: false };
    },
    expected: ["IVR main: option 13 now rings extension 101 instead of 100"],
  },
  {
    name: "an IVR option to another kind of destination",
    edit: (lab) => {
      lab.ivrMenus[0]!.options["0"] = { destination: { ringGroup: "everyone" }, hidden: false };
    },
    expected: ["IVR main: option 0 now rings ring group everyone instead of voicemail 100"],
  },
  {
    name: "IVR options added, removed and hidden",
    edit: (lab) => {
      const options = lab.ivrMenus[0]!.options;
      options["5"] = { destination: { conference: "800" }, hidden: true };
      delete options["9"];
      options["1"] = { destination: { extension: "101" }, hidden: true };
      lab.ivrMenus[0]!.retries = 3;
    },
    expected: [
      "IVR main: option 1 hidden now true instead of false",
      "IVR main: option 5 added (joins conference 800, hidden)",
      "IVR main: option 9 removed",
      "IVR main: retries now 3 instead of 2",
    ],
  },
  {
    name: "extensions added, removed and changed",
    edit: (lab) => {
      lab.extensions = lab.extensions.filter((e) => e.number !== "103");
      lab.extensions.push({
        number: "104",
        name: "Carol",
        password: { secret: "ext103Password" },
        devices: [],
        permissions: "internal",
        ringTimeout: 20,
      });
      lab.extensions[2]!.onNoAnswer = { voicemail: "101" };
      lab.extensions[0]!.name = "Reception";
    },
    expected: [
      "extension 100: name now Reception instead of Operator",
      "extension 102: no answer now goes to voicemail 101 instead of 100",
      "extension 103 removed",
      "extension 104 added (Carol)",
    ],
  },
  {
    name: "ring group members",
    edit: (lab) => {
      lab.ringGroups[0]!.members = ["100", "101"];
    },
    expected: ["ring group everyone: members now 100, 101 instead of 100, 101, 102"],
  },
  {
    name: "the blacklist",
    edit: (lab) => {
      lab.blacklist.numbers.push("+15550100");
      lab.blacklist.prefixes = [];
      lab.blacklist.anonymous = false;
    },
    expected: [
      "blacklist: +15550100 added (answered 608)",
      "blacklist: prefix 1900 removed",
      "blacklist: anonymous callers now accepted",
    ],
  },
  {
    name: "the option-160 URL of a DHCP pool",
    edit: (lab) => {
      lab.network.labRouter!.dhcpPools[0]!.options.provisioningUrl = "http://172.16.0.10:8080/p/$PN/$MA.xml";
    },
    expected: [
      "DHCP pool LAB: DHCP option 160 now http://172.16.0.10:8080/p/$PN/$MA.xml instead of http://172.16.0.10/prov/$PN/$MA.xml",
    ],
  },
  {
    name: "a trunk's DID and settings",
    edit: (lab) => {
      const t = lab.trunks[0]!;
      t.dids[0]!.destination = { extension: "100" };
      t.dids.push({ number: "17775550000", destination: { hangup: true } });
      t.maxCalls = 4;
    },
    expected: [
      "trunk callcentric: DID 17775550000 added (hangs up)",
      "trunk callcentric: DID 17775551234 now rings extension 100 instead of IVR main",
      "trunk callcentric: max calls now 4 instead of 2",
    ],
  },
  {
    name: "a rotated secret, named where it is used and never shown",
    edit: () => {},
    options: {
      secretDigestsBefore: { trunkPassword: "aaa", vm100Pin: "bbb", conferencePin: "ccc" },
      secretDigestsAfter: { trunkPassword: "AAA", vm100Pin: "BBB", conferencePin: "ccc" },
    },
    expected: ["trunk callcentric: password rotated", "extension 100: voicemail PIN rotated"],
  },
  {
    name: "secret declarations",
    edit: (lab) => {
      lab.secrets.conferencePin = { from: "config" };
      lab.secrets.spare = { generate: "password" };
    },
    expected: [
      "secret conferencePin now from config instead of generated pin of 4",
      "secret spare added (generated password)",
    ],
  },
  {
    name: "union alternatives read as whole values",
    edit: (lab) => {
      lab.appliance.lan = { dhcp: true };
      lab.musicOnHold = { file: "hold.wav" };
    },
    expected: [
      "appliance: LAN now dhcp true instead of address 172.16.0.10/24, gateway 172.16.0.1, DNS 172.16.0.1",
      "music on hold now file hold.wav instead of builtin default",
    ],
  },
  {
    name: "the appliance, site, voicemail, emergency and home router",
    edit: (lab) => {
      lab.appliance.rtp.max = 10299;
      lab.site.timezone = "Europe/Paris";
      lab.voicemail.maxMessages = 100;
      lab.emergency = undefined;
      lab.network.homeRouter = { kind: "upnp", address: "192.168.1.1" };
    },
    expected: [
      "site: timezone now Europe/Paris instead of America/New_York",
      "appliance: RTP max now 10299 instead of 10199",
      "emergency removed (was numbers 911, 933, trunk callcentric)",
      "voicemail: max messages now 100 instead of 50",
      "home router: kind now upnp instead of manual",
    ],
  },
  {
    name: "devices, conferences and port forwards",
    edit: (lab) => {
      lab.devices = lab.devices.filter((d) => d.id !== "bob-iphone");
      lab.conferences[0]!.maxParticipants = 10;
      lab.network.portForwards = [{ protocol: "udp", port: 5060 }];
    },
    expected: [
      "device bob-iphone removed",
      "conference 800: max participants now 10 instead of 8",
      "port forwards: now listed by hand (udp 5060)",
    ],
  },
];

for (const c of cases) {
  test(`semantic diff: ${c.name}`, () => {
    assert.deepEqual(semanticDiff(example, edited(c.edit), c.options), c.expected);
  });
}

test("semantic diff: no change, no line", () => {
  assert.deepEqual(semanticDiff(example, structuredClone(example)), []);
});

test("semantic diff: the order is the same whatever the order of the items in the file", () => {
  const next = edited((lab) => {
    lab.extensions.reverse();
    lab.extensions.pop();
    lab.ivrMenus[0]!.options["13"] = { destination: { extension: "101" }, hidden: false };
  });
  const shuffled = edited((lab) => {
    lab.extensions.reverse();
  });
  assert.deepEqual(semanticDiff(shuffled, next), semanticDiff(example, next));
  assert.deepEqual(semanticDiff(example, next), [
    "extension 100 removed",
    "IVR main: option 13 now rings extension 101 instead of 100",
  ]);
});

test("semantic diff: trunk order matters (trunks are tried in order)", () => {
  const second = { ...structuredClone(example.trunks[0]!), name: "backup", dids: [] };
  const before = edited((lab) => lab.trunks.push(second));
  const after = edited((lab) => lab.trunks.unshift(second));
  assert.deepEqual(semanticDiff(before, after), [
    "trunks: order now backup, callcentric instead of callcentric, backup",
  ]);
});
