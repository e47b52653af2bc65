/** The #修改 template: one hazard's fields, and how to edit a key person instead. */
export const EDIT_USAGE =
  '#修改 H3\n时限：9月8日\n措施：每日电话核查，每周走访\n重大：是\n\n（重点人员：#修改 P2，再逐行写要改的字段）';
