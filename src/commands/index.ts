import type { Command } from '../core/Command.js';
import { addFigures } from './addFigures.js';
import { approve } from './approve.js';
import { bind } from './bind.js';
import { categories } from './categories.js';
import { chatId } from './chatId.js';
import { claim } from './claim.js';
import { correctFigure } from './correctFigure.js';
import { edit } from './edit.js';
import { evidence } from './evidence.js';
import { exportForms } from './exportForms.js';
import { hazard } from './hazard.js';
import { help } from './help.js';
import { history } from './history.js';
import { keyPerson } from './keyPerson.js';
import { keyPersonList } from './keyPersonList.js';
import { ledger } from './ledger.js';
import { locate } from './locate.js';
import { me } from './me.js';
import { overdue } from './overdue.js';
import { pendingVerification } from './pendingVerification.js';
import { progress } from './progress.js';
import { rectify } from './rectify.js';
import { refuse } from './refuse.js';
import { reminderPlan } from './reminderPlan.js';
import { setFigure } from './setFigure.js';
import { spotCheck } from './spotCheck.js';
import { statistics } from './statistics.js';
import { submit } from './submit.js';
import { unbind } from './unbind.js';
import { undo } from './undo.js';
import { verify } from './verify.js';
import { withdraw } from './withdraw.js';

/** Every chat command, in the order #帮助 lists them. */
export const COMMANDS: readonly Command[] = [
  help,
  bind,
  me,
  progress,
  categories,
  hazard,
  rectify,
  evidence,
  edit,
  withdraw,
  undo,
  ledger,
  overdue,
  history,
  keyPerson,
  keyPersonList,
  addFigures,
  correctFigure,
  setFigure,
  locate,
  submit,
  statistics,
  exportForms,
  verify,
  pendingVerification,
  spotCheck,
  reminderPlan,
  approve,
  refuse,
  unbind,
  chatId,
  claim,
];
