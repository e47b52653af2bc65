import type { Command } from '../engine/Command.js';
import { bind } from './bind.js';
import { help } from './help.js';
import { me } from './me.js';
import { unbind } from './unbind.js';

/** Every chat command, in the order #帮助 lists them. */
export const COMMANDS: readonly Command[] = [help, bind, me, unbind];
