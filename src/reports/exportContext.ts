/** Who asked for the file, and when: the 填报人/填报时间 of an aggregated form. */
export interface ExportContext {
  reporter: string;
  now: number;
  /** only these units (default: every unit of the campaign) */
  units?: readonly string[];
  /**
   * 附件3 only: show the figures of units that have not submitted it yet (a unit printing its own
   * row before 上报). By default such a unit's row says 未上报 and the 合计 leaves it out.
   */
  includeUnsubmitted?: boolean;
}

export const NOT_SUBMITTED = '未上报';

/** A date as 填报时间 is written: 2022年8月5日, Asia/Shanghai. */
export function chineseDate(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The Excel format of a date cell, written the same way. */
export const DATE_FMT = 'yyyy"年"m"月"d"日"';
