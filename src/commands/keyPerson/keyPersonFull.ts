import type { KeyPerson } from '../../store/state.js';

/** The private form, for the person's own unit and supervisors only. */
export function keyPersonFull(p: KeyPerson): string {
  const term = p.termStart && p.termEnd ? `${p.termStart}至${p.termEnd}` : '未填';
  return [
    `P${p.id} ${p.name}（${p.gender}，${p.correctionType}）${p.withdrawn ? '【已删除】' : ''}`,
    `类型：${p.types.join('、')}`,
    `罪名：${p.crime || '未填'}；刑期：${p.sentence || '未填'}；矫正期限：${term}`,
    `风险：${p.risk || '未填'}`,
    `管控措施：${p.measures}；责任人：${p.owner}`,
  ].join('\n');
}
