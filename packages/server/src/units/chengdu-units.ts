/**
 * The Chengdu city departments that lead the tasks of the e-commerce plan (2013–2015), under the official names
 * they had when the plan was issued. Seeded in demo mode so that the demo plan's units resolve, and used by tests.
 */
export interface SeedUnit {
  name: string;
  fullName: string;
  kind: 'department';
  aliases: string[];
}

export const CHENGDU_UNITS: readonly SeedUnit[] = [
  {
    name: '市发改委',
    fullName: '成都市发展和改革委员会',
    kind: 'department',
    aliases: ['成都市发改委', '市发展改革委'],
  },
  { name: '市商务局', fullName: '成都市商务局', kind: 'department', aliases: [] },
  {
    name: '市金融办',
    fullName: '成都市人民政府金融工作办公室',
    kind: 'department',
    aliases: ['成都市金融办', '市政府金融办'],
  },
  {
    name: '市政府效能办',
    fullName: '成都市人民政府效能建设办公室',
    kind: 'department',
    aliases: ['市效能办', '市政务公开办'],
  },
  {
    name: '市政府政务中心',
    fullName: '成都市人民政府政务服务中心',
    kind: 'department',
    aliases: ['市政务中心', '市政务服务中心'],
  },
  { name: '市旅游局', fullName: '成都市旅游局', kind: 'department', aliases: [] },
  { name: '市农委', fullName: '成都市农业委员会', kind: 'department', aliases: ['成都市农委'] },
  { name: '市林业园林局', fullName: '成都市林业和园林管理局', kind: 'department', aliases: ['市林园局'] },
  { name: '市经信委', fullName: '成都市经济和信息化委员会', kind: 'department', aliases: ['成都市经信委'] },
  { name: '市物流办', fullName: '成都市物流办公室', kind: 'department', aliases: ['成都市物流办'] },
  { name: '市财政局', fullName: '成都市财政局', kind: 'department', aliases: [] },
  {
    name: '市国税局',
    fullName: '四川省成都市国家税务局',
    kind: 'department',
    aliases: ['成都市国家税务局', '成都市国税局'],
  },
  { name: '市地税局', fullName: '成都市地方税务局', kind: 'department', aliases: ['成都市地税局'] },
  { name: '市工商局', fullName: '成都市工商行政管理局', kind: 'department', aliases: ['成都市工商局'] },
  { name: '市质监局', fullName: '成都市质量技术监督局', kind: 'department', aliases: ['成都市质监局'] },
  { name: '市统计局', fullName: '成都市统计局', kind: 'department', aliases: [] },
  { name: '市人社局', fullName: '成都市人力资源和社会保障局', kind: 'department', aliases: ['成都市人社局'] },
];
