/**
 * Jiangsu's 13 cities, their halls, counters and staff: the organisation the graph serves, and its
 * one owner. Customer insight's hall table is seeded from it (the Hall entity); the gateway, alerts
 * and the events subgraph look counters and halls up here (`hallOf`, `hallOfCounter`, `isCityCode`).
 * A deployment replaces this module with the province's organisation data.
 */

export interface City {
  code: string;
  name: string;
  /** First four digits of resident ID numbers issued there. */
  idPrefix: string;
  districts: string[];
}

export const CITIES: readonly City[] = [
  { code: 'nanjing', name: '南京', idPrefix: '3201', districts: ['玄武', '秦淮', '鼓楼', '建邺', '江宁'] },
  { code: 'wuxi', name: '无锡', idPrefix: '3202', districts: ['梁溪', '滨湖', '新吴', '江阴'] },
  { code: 'xuzhou', name: '徐州', idPrefix: '3203', districts: ['云龙', '鼓楼', '泉山', '铜山'] },
  { code: 'changzhou', name: '常州', idPrefix: '3204', districts: ['天宁', '钟楼', '新北', '武进'] },
  { code: 'suzhou', name: '苏州', idPrefix: '3205', districts: ['姑苏', '工业园区', '吴中', '昆山'] },
  { code: 'nantong', name: '南通', idPrefix: '3206', districts: ['崇川', '通州', '海门', '如皋'] },
  { code: 'lianyungang', name: '连云港', idPrefix: '3207', districts: ['海州', '连云', '赣榆'] },
  { code: 'huaian', name: '淮安', idPrefix: '3208', districts: ['清江浦', '淮阴', '淮安区'] },
  { code: 'yancheng', name: '盐城', idPrefix: '3209', districts: ['亭湖', '盐都', '大丰', '东台'] },
  { code: 'yangzhou', name: '扬州', idPrefix: '3210', districts: ['广陵', '邗江', '江都', '仪征'] },
  { code: 'zhenjiang', name: '镇江', idPrefix: '3211', districts: ['京口', '润州', '丹徒', '丹阳', '句容', '扬中', '镇江新区'] },
  { code: 'taizhou', name: '泰州', idPrefix: '3212', districts: ['海陵', '高港', '姜堰', '兴化'] },
  { code: 'suqian', name: '宿迁', idPrefix: '3213', districts: ['宿城', '宿豫', '沭阳'] },
];

export const PILOT_CITY = 'zhenjiang';
/** Where the province's own offices (its marketing department) are. */
export const PROVINCE_OFFICE_CITY = 'nanjing';

export interface Hall {
  code: string;
  name: string;
  cityCode: string;
  district: string;
  address: string;
  counters: string[];
}

export interface Staff {
  staffId: string;
  name: string;
  cityCode: string;
  hallCode: string | null;
  roles: string[];
}

const STREETS = ['解放路', '中山路', '人民路', '建设路', '长江路', '学府路', '新华路', '东方路', '南徐大道', '黄山路'];
const COUNTERS_PER_HALL = 6;

/** Halls per district: the pilot city is seeded densely, the others enough to be real. */
function hallsFor(city: City): Hall[] {
  const perDistrict = city.code === PILOT_CITY ? 2 : 1;
  const halls: Hall[] = [];
  city.districts.forEach((district, d) => {
    for (let k = 0; k < perDistrict; k++) {
      const n = halls.length + 1;
      const street = STREETS[(d * 3 + k) % STREETS.length];
      const code = `${city.code}-h${String(n).padStart(2, '0')}`;
      halls.push({
        code,
        name: `${city.name}${district}${street}营业厅`,
        cityCode: city.code,
        district,
        address: `江苏省${city.name}市${district}${district.endsWith('区') ? '' : '区'}${street}${((n * 37) % 300) + 1}号`,
        counters: Array.from({ length: COUNTERS_PER_HALL }, (_, c) => `${code}-c${c + 1}`),
      });
    }
  });
  return halls;
}

export const HALLS: readonly Hall[] = CITIES.flatMap(hallsFor);

export function hallsOf(cityCode: string): Hall[] {
  return HALLS.filter((h) => h.cityCode === cityCode);
}

const STAFF_NAMES = ['王芳', '李娜', '张敏', '刘洋', '陈静', '杨丽', '赵强', '黄磊', '周婷', '吴军', '徐涛', '孙燕', '马超', '朱琳', '胡斌', '郭倩'];

/** Each hall: a manager and one clerk per counter; each city: marketing reviewers and an ops desk. */
export const STAFF: readonly Staff[] = CITIES.flatMap((city, ci) => {
  const staff: Staff[] = [];
  let n = 0;
  const next = (hallCode: string | null, roles: string[]) => {
    n++;
    staff.push({
      staffId: `${city.code}-s${String(n).padStart(3, '0')}`,
      name: STAFF_NAMES[(ci * 7 + n) % STAFF_NAMES.length],
      cityCode: city.code,
      hallCode,
      roles,
    });
  };
  for (const hall of hallsOf(city.code)) {
    next(hall.code, ['hall_manager', 'clerk']);
    for (let c = 0; c < COUNTERS_PER_HALL; c++) next(hall.code, ['clerk']);
  }
  next(null, ['marketing']);
  next(null, ['marketing']);
  next(null, ['ops']);
  next(null, ['admin']);
  // The provincial marketing office sits in the capital: it alone changes packages and promotions
  // sold in more than one city (lib/auth/identity.ts, catalog's import scope).
  if (city.code === PROVINCE_OFFICE_CITY) next(null, ['province_marketing']);
  return staff;
});

/** The first staff member of a city holding a role: what `npm run token` signs for. */
export function staffFor(role: string, cityCode: string): Staff | undefined {
  return STAFF.find((s) => s.cityCode === cityCode && s.roles[0] === role);
}

const HALL_BY_CODE = new Map(HALLS.map((h) => [h.code, h]));
const HALL_BY_COUNTER = new Map(HALLS.flatMap((h) => h.counters.map((c) => [c, h] as const)));
const CITY_CODES: ReadonlySet<string> = new Set(CITIES.map((c) => c.code));

/** The one lookup of the organisation: a hall by its code. */
export const hallOf = (code: string): Hall | undefined => HALL_BY_CODE.get(code);
/** The hall a counter belongs to (a counter belongs to one hall, a hall to one city). */
export const hallOfCounter = (counter: string): Hall | undefined => HALL_BY_COUNTER.get(counter);
export const isCityCode = (code: string): boolean => CITY_CODES.has(code);

const STAFF_BY_ID = new Map(STAFF.map((s) => [s.staffId, s]));
export const staffById = (staffId: string): Staff | undefined => STAFF_BY_ID.get(staffId);
/** The staff of a hall holding a role first (a hall's clerks: one per counter, and its manager). */
export const staffOfHall = (hallCode: string, role: string): Staff[] => STAFF.filter((s) => s.hallCode === hallCode && s.roles.includes(role));
