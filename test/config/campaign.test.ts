import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ConfigError, loadCampaign, parseCampaign } from '../../src/config/campaign.js';
import { SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';

describe('campaign file', () => {
  test("the shipped campaign is the seed's: dates, deadlines, phases", () => {
    const c = loadCampaign(SHIPPED_CAMPAIGN);
    expect(c.issuer).toBe('达州市达川区司法局');
    expect(c.deadlines).toEqual({
      hazards: '2022-09-06',
      keyPersons: '2022-08-09',
      statistics: '2022-09-29',
    });
    expect(c.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ['安排部署', '2022-08-01', '2022-08-10'],
      ['排查整治', '2022-08-11', '2022-09-08'],
      ['总结提升', '2022-09-09', '2022-09-30'],
    ]);
    expect(c.units).toHaveLength(28);
    expect(c.reminders).toEqual({ daysBefore: [3, 1, 0], time: '09:00', hazardDueDaysBefore: 1 });
  });

  test('a bad file lists every problem with its field path', () => {
    let err: unknown;
    try {
      parseCampaign({
        name: '',
        issuer: 'x',
        start: '2022-09-31',
        end: '2022-09-30',
        phases: [],
        deadlines: { hazards: '9月6日', keyPersons: '2022-08-09' },
        reminders: { daysBefore: [-1], time: '25:00', hazardDueDaysBefore: 1 },
        groups: [],
        units: ['东城司法所', '东城司法所'],
        supervisors: ['王科长'],
        admins: [],
        typo: 1,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const path of [
      'name',
      'start',
      'phases',
      'deadlines.hazards',
      'deadlines.statistics',
      'reminders.daysBefore.0',
      'reminders.time',
      'groups',
      'units',
    ])
      expect(msg).toContain(`  - ${path.replace(/\.(\d+)/g, '[$1]')}（`);
    expect(msg).toMatch(/typo/);
  });

  test('cross-field rules: phases inside the campaign, deadlines inside it', () => {
    const base = JSON.parse(JSON.stringify(loadCampaign(SHIPPED_CAMPAIGN)));
    base.phases[2].end = '2022-10-30';
    base.deadlines.statistics = '2022-12-01';
    expect(() => parseCampaign(base)).toThrow(
      /phases\[2\]（第3个阶段）：阶段超出活动起止日期[\s\S]*deadlines\.statistics（附件3（统计表）截止日期）/,
    );
  });

  test('a roster entry with a field missing is named in Chinese', () => {
    const base = JSON.parse(JSON.stringify(loadCampaign(SHIPPED_CAMPAIGN)));
    base.people = [
      { key: 'zhangmin', name: '张敏', unit: '东城司法所' },
      { key: 'lina', unit: '西城司法所' },
    ];
    expect(() => parseCampaign(base)).toThrow(/people\[1\]\.name（第2个人员的姓名）/);
  });

  test('a missing or broken file names the file', () => {
    const dir = tempDir();
    expect(() => loadCampaign(join(dir, 'nope.json'))).toThrow(/nope\.json/);
    writeFileSync(join(dir, 'bad.json'), '{"name": ');
    expect(() => loadCampaign(join(dir, 'bad.json'))).toThrow(/bad\.json 不是有效的 JSON/);
  });
});
