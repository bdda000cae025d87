// The contract between pibx and the appliance on the Pi, as data: where the config file lives and
// which commands validate it, reload it and report health. Defaults describe the image's systemd
// unit; tests point them at an appliance run by hand. Pure.
//
//   config file   /etc/pibx/appliance.json (JSON, schemas/appliance-config.schema.json), root:_pibx
//                 0640: readable by the service's static user (images/accounts.ts), by nobody else
//   swap          upload to <file>.pibx-<random>.tmp in the same directory (0600), give it to
//                 `configGroup` with mode 0640, then rename (atomic); the file it replaces is kept
//                 as <file>.previous
//   validate      optional command, `{file}` replaced by the temp file; exit 0 = valid
//                 (appliance/main.ts has no check-only mode yet, so none by default: the config is
//                 validated here against the same schema before it is sent)
//   reload        SIGHUP: the appliance re-reads the file, keeps calls and registrations, and logs
//                 `"config reloaded"` or `"config rejected"` (then keeps the running config)
//   confirmation  the new lines `logCommand` prints after the reload must say "config reloaded"
//   health        `statusCommand` exits 0 while the service runs; with `statusUrl`, the admin
//                 endpoint answers `{ "trunks": [{ "name", "registered" }] }` (not in the appliance yet)

export interface ApplianceRemote {
  configPath: string;
  /**
   * The group the config file is given to (mode 0640) before the rename: the appliance's service
   * group on the image. Unset: the file stays 0600 with the uploader's group.
   */
  configGroup?: string;
  /** Prefix every command with `sudo -n` (the login user is not root on the Pi). */
  sudo: boolean;
  validateCommand?: string;
  reloadCommand: string;
  /** Prints the appliance's log so far; new lines after the reload confirm it. */
  logCommand?: string;
  statusCommand: string;
  statusUrl?: string;
  reloadTimeoutMs: number;
  healthTimeoutMs: number;
}

export const defaultApplianceRemote: ApplianceRemote = {
  configPath: "/etc/pibx/appliance.json",
  configGroup: "_pibx",
  sudo: true,
  reloadCommand: "systemctl kill --signal=HUP pibx.service",
  logCommand: "journalctl -u pibx.service -b -o cat --no-pager",
  statusCommand: "systemctl is-active --quiet pibx.service",
  reloadTimeoutMs: 15_000,
  healthTimeoutMs: 60_000,
};

/** A single-quoted shell word. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `command` run through `sh -c`, as root when the contract says so. */
export function remoteCommand(remote: Pick<ApplianceRemote, "sudo">, command: string): string {
  return `${remote.sudo ? "sudo -n " : ""}sh -c ${shellQuote(command)}`;
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

export interface PushCommands {
  tempPath: string;
  /** Reads the file from stdin into the temp path, 0600. */
  upload: string;
  validate?: string;
  /**
   * Gives the temp file to the service group (0640), keeps the current file as .previous, renames
   * the temp file over it, syncs the directory.
   */
  swap: string;
  /** Puts .previous back (after a rejected reload). */
  restore: string;
  discardTemp: string;
  hash: string;
}

export function pushCommands(remote: ApplianceRemote, nonce: string): PushCommands {
  const file = remote.configPath;
  const temp = `${file}.pibx-${nonce}.tmp`;
  const q = shellQuote;
  const wrap = (c: string) => remoteCommand(remote, c);
  const share = remote.configGroup
    ? `chgrp ${q(remote.configGroup)} ${q(temp)} && chmod 0640 ${q(temp)} && sync ${q(temp)} && `
    : "";
  const commands: PushCommands = {
    tempPath: temp,
    upload: wrap(`umask 077 && mkdir -p ${q(dirname(file))} && cat > ${q(temp)} && sync ${q(temp)}`),
    swap: wrap(
      `${share}{ [ ! -f ${q(file)} ] || cp -p ${q(file)} ${q(`${file}.previous`)}; } && mv -f ${q(temp)} ${q(file)} && sync ${q(dirname(file))}`,
    ),
    restore: wrap(`mv -f ${q(`${file}.previous`)} ${q(file)} && sync ${q(dirname(file))}`),
    discardTemp: wrap(`rm -f ${q(temp)}`),
    hash: wrap(`sha256sum ${q(file)}`),
  };
  if (remote.validateCommand) commands.validate = wrap(remote.validateCommand.replaceAll("{file}", q(temp)));
  return commands;
}
