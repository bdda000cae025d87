// The pibx subcommands.
import type { Command } from "./command.ts";
import { flashCommand } from "./flash.ts";
import { onboardCommand } from "./onboard.ts";
import { validateCommand } from "./validate.ts";

export const commands: readonly Command[] = [validateCommand, onboardCommand, flashCommand];
