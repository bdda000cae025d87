import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultApplianceRemote, pushCommands } from "../../infra/providers/appliance-remote.ts";
import { passwdWithAlias, processRemote } from "./pi-process.ts";

describe("the pi box in process mode", () => {
  it("adds the lab's admin login as another name for root, once", () => {
    const passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n";
    const aliased = passwdWithAlias(passwd, "pibx");
    assert.equal(
      aliased.split("\n").at(-2),
      "pibx:x:0:0:pibx virtual lab admin (root in the pi box):/root:/bin/bash",
    );
    assert.ok(aliased.startsWith(passwd));
    assert.equal(passwdWithAlias(aliased, "pibx"), aliased);
    assert.equal(passwdWithAlias("root:x:0:0::/root:/bin/sh", "pibx").split("\n")[1]?.split(":")[0], "pibx");
    assert.throws(() => passwdWithAlias(passwd, "pibx:x:0:0"), /not a user name/);
  });

  it("gives the push contract of a process: its file, SIGHUP, its log, its admin endpoint", () => {
    const remote = processRemote("/run/pibx-lab/pi", 8080);
    assert.deepEqual(remote, {
      configPath: "/run/pibx-lab/pi/appliance-config.json",
      configGroup: "",
      sudo: false,
      reloadCommand: `kill -HUP "$(cat '/run/pibx-lab/pi/appliance.pid')"`,
      logCommand: "cat '/run/pibx-lab/pi/appliance.log'",
      statusCommand: `kill -0 "$(cat '/run/pibx-lab/pi/appliance.pid')"`,
      statusUrl: "http://127.0.0.1:8080/status",
    });
    // Merged over the image's defaults as the provider does: no sudo, no chgrp to the image's group.
    const push = pushCommands({ ...defaultApplianceRemote, ...remote }, "n1");
    assert.doesNotMatch(push.swap, /chgrp|sudo/);
    assert.match(push.upload, /^sh -c .*appliance-config\.json\.pibx-n1\.tmp/);
  });
});
