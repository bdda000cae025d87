// The pibx subcommands.
import type { Command } from "./command.ts";
import { onboardCommand } from "./onboard.ts";
import { validateCommand } from "./validate.ts";

export const commands: readonly Command[] = [validateCommand, onboardCommand];
