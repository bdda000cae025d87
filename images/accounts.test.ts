import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SERVICE_ID, withAdminAccount, withServiceAccount } from "./accounts.ts";
import { RecipeError } from "./errors.ts";

const files = {
  passwd: "root:x:0:0:root:/root:/bin/bash\nsshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n",
  group: "root:x:0:\nshadow:x:42:\nsudo:x:27:\n",
  shadow: "root::19000:0:99999:7:::\nsshd:!:19100::::::\n",
  gshadow: "root:*::\nshadow:*::\nsudo:*::\n",
};

describe("admin account", () => {
  const a = withAdminAccount(files, "pibx", 20454);

  it("adds the user with its own group, a home and the sudo group", () => {
    assert.equal(a.uid, 1000);
    assert.match(a.passwd, /^pibx:x:1000:1000:pibx administrator:\/home\/pibx:\/bin\/bash$/m);
    assert.match(a.group, /^pibx:x:1000:$/m);
    assert.match(a.group, /^sudo:x:27:pibx$/m);
    assert.match(a.gshadow, /^sudo:\*::pibx$/m);
  });

  it("leaves no usable password and pins the last-change day", () => {
    assert.match(a.shadow, /^root:\*:20454:/m);
    assert.match(a.shadow, /^pibx:\*:20454:/m);
    assert.match(a.shadow, /^sshd:!:20454:/m);
  });

  it("refuses a name that is already a system account", () => {
    assert.throws(() => withAdminAccount(files, "sshd", 1), RecipeError);
  });
});

describe("service account", () => {
  it("adds _pibx with the fixed id, beside an admin called pibx", () => {
    const s = withServiceAccount(withAdminAccount(files, "pibx", 20454));
    assert.equal(SERVICE_ID, 900);
    assert.match(s.passwd, /^_pibx:x:900:900:pibx appliance:\/var\/lib\/pibx:\/usr\/sbin\/nologin$/m);
    assert.match(s.passwd, /^pibx:x:1000:1000:/m);
    assert.match(s.group, /^_pibx:x:900:$/m);
    assert.match(s.shadow, /^_pibx:!:20454:/m);
  });

  it("refuses a taken name or id rather than moving the id", () => {
    assert.throws(() => withServiceAccount(withAdminAccount(files, "_pibx", 1)), RecipeError);
    const taken = { ...files, group: `${files.group}other:x:900:\n` };
    assert.throws(() => withServiceAccount(taken), RecipeError);
  });
});
