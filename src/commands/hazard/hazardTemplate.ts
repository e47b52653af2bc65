/** The #隐患 template #帮助 隐患 shows and every error about a hazard quotes. */
export const HAZARD_TEMPLATE = `#隐患
类别：二.4
情况：社区矫正对象刘某请假到期后超时2天未销假
措施：约谈训诫，每日电话核查
责任部门：东城司法所
责任人：张敏
时限：9月5日
状态：整改中`;
