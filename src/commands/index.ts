import type { Command } from '../core/Command.js';
import { addFigures } from './figures/addFigures.js';
import { correctFigure } from './figures/correctFigure.js';
import { locate } from './figures/locate.js';
import { setFigure } from './figures/setFigure.js';
import { exportForms } from './forms/exportForms.js';
import { progress } from './forms/progress.js';
import { reminderPlan } from './forms/reminderPlan.js';
import { statistics } from './forms/statistics.js';
import { submit } from './forms/submit.js';
import { summary } from './forms/summary.js';
import { categories } from './hazard/categories.js';
import { evidence } from './hazard/evidence.js';
import { hazard } from './hazard/hazard.js';
import { ledger } from './hazard/ledger.js';
import { overdue } from './hazard/overdue.js';
import { pendingVerification } from './hazard/pendingVerification.js';
import { rectify } from './hazard/rectify.js';
import { spotCheck } from './hazard/spotCheck.js';
import { verify } from './hazard/verify.js';
import { help } from './help.js';
import { confirmImport } from './import/confirmImport.js';
import { importFile } from './import/importFile.js';
import { withImportFiles } from './import/withImportFiles.js';
import { keyPerson } from './keyPerson/keyPerson.js';
import { keyPersonList } from './keyPerson/keyPersonList.js';
import { approve } from './membership/approve.js';
import { bind } from './membership/bind.js';
import { chatId } from './membership/chatId.js';
import { claim } from './membership/claim.js';
import { me } from './membership/me.js';
import { refuse } from './membership/refuse.js';
import { withRequestCards } from './membership/requestCards.js';
import { unbind } from './membership/unbind.js';
import { edit } from './records/edit.js';
import { history } from './records/history.js';
import { undo } from './records/undo.js';
import { withdraw } from './records/withdraw.js';

/** Every chat command, in the order #帮助 lists them. */
export const COMMANDS: readonly Command[] = [
  help,
  bind,
  me,
  progress,
  categories,
  hazard,
  rectify,
  withImportFiles(evidence),
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
  summary,
  verify,
  pendingVerification,
  spotCheck,
  reminderPlan,
  importFile,
  confirmImport,
  withRequestCards(approve),
  refuse,
  unbind,
  chatId,
  claim,
];
