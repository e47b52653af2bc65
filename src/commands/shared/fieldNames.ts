import { UserError } from '../../core/UserError.js';

/** Maps every accepted field name (and alias) to its key; unknown names are refused with the list. */
export function readFields<K extends string>(
  fields: Map<string, string>,
  names: Record<K, readonly string[]>,
  template: string,
): Partial<Record<K, string>> {
  const byName = new Map<string, K>();
  for (const [key, aliases] of Object.entries(names) as [K, string[]][])
    for (const a of aliases) byName.set(a, key);
  const out: Partial<Record<K, string>> = {};
  const unknown: string[] = [];
  // `类别 二.1` without its colon lands as a continuation of the line above: say so
  for (const value of fields.values()) assertColons(value.split('\n').slice(1).join('\n'), byName, template);
  for (const [name, value] of fields) {
    const key = byName.get(name);
    if (key === undefined) unknown.push(name);
    else if (out[key] !== undefined)
      throw new UserError(
        '有字段与同义字段重复了，请只写一个。',
        template,
        `“${name}”与同义字段重复了，请只写一个。`,
      ).at([name]);
    else out[key] = value;
  }
  if (unknown.length > 0) {
    const known = Object.values<readonly string[]>(names)
      .map((a) => a[0])
      .join('、');
    throw new UserError(
      `有 ${unknown.length} 个字段名不认识（冒号前的字）。可用字段：${known}。`,
      template,
      `不认识的字段：${unknown.map((u) => `“${u.slice(0, 12)}”`).join('、')}。可用字段：${known}。`,
    ).at(unknown);
  }
  return out;
}

/** Refuses text holding a line like `类别 二.1`: a known field name, a space, a value, but no colon. */
export function assertColons(
  text: string,
  names: ReadonlyMap<string, unknown> | readonly string[],
  template: string,
): void {
  const known = Array.isArray(names)
    ? new Set(names)
    : new Set((names as ReadonlyMap<string, unknown>).keys());
  for (const line of text.split('\n')) {
    const m = /^([^\s:：]{1,12})[\s\u3000]+(\S.*)$/.exec(line.trim());
    if (m && known.has(m[1] ?? ''))
      throw new UserError(
        `“${m[1]}”后面少了冒号，请写成“${m[1]}：……”（中文或英文冒号都可以）。`,
        template,
      ).at([m[1] ?? '']);
  }
}

/** Refuses a record missing any of the required fields, naming them all. */
export function requireFields<T extends object>(
  values: Partial<T>,
  required: readonly (readonly [keyof T, string])[],
  template?: string,
): void {
  const missing = required.filter(([k]) => values[k] === undefined).map(([, label]) => label);
  if (missing.length > 0) throw new UserError(`缺少必填项：${missing.join('、')}。`, template);
}
