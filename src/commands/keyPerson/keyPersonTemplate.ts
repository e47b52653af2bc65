/** The #重点人员 template #帮助 重点人员 shows and every error about a key person quotes. */
export const KEY_PERSON_TEMPLATE = `#重点人员
姓名：刘某某
性别：男
矫正类型：缓刑
类型：涉毒、经济有纠纷
罪名：非法持有毒品罪
刑期：有期徒刑一年，缓刑二年
矫正期限：2022-03-01至2024-02-29
风险：近期与债主冲突
管控措施：每周走访一次，手机定位核查
责任人：张敏`;
