import type { Rng } from './rng.js';

/** Surnames by rough frequency in Jiangsu. */
const SURNAMES: [string, number][] = [
  ['王', 72],
  ['张', 70],
  ['陈', 68],
  ['李', 60],
  ['刘', 45],
  ['徐', 40],
  ['朱', 30],
  ['周', 30],
  ['吴', 30],
  ['孙', 25],
  ['杨', 25],
  ['黄', 20],
  ['沈', 18],
  ['顾', 15],
  ['钱', 12],
  ['陆', 12],
  ['赵', 12],
  ['胡', 12],
  ['蒋', 10],
  ['马', 10],
  ['高', 10],
  ['许', 10],
  ['丁', 9],
  ['汤', 8],
  ['戴', 8],
  ['姚', 8],
  ['潘', 8],
  ['曹', 8],
  ['殷', 6],
  ['史', 6],
  ['严', 6],
  ['葛', 6],
  ['范', 6],
  ['袁', 6],
  ['谢', 5],
  ['唐', 5],
  ['郭', 5],
  ['缪', 4],
  ['仲', 3],
  ['欧阳', 1],
];
const GIVEN_MALE = '伟强磊军勇杰涛明超斌浩鹏宇辉建华俊峰晨阳凯文博睿轩然志刚国平海波';
const GIVEN_FEMALE = '芳娜敏静丽艳娟霞婷雪慧颖琳洁倩瑶萍燕玲梅月晶欣怡雯佳悦晓红';

export function chineseName(rng: Rng, male: boolean): string {
  const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
  const given = Array.from({ length: rng.chance(0.7) ? 2 : 1 }, () => pool[rng.int(0, pool.length - 1)]).join('');
  return rng.weighted(SURNAMES) + given;
}

/** China Mobile's number segments. */
export const CMCC_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '147',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '172',
  '178',
  '182',
  '183',
  '184',
  '187',
  '188',
  '195',
  '197',
  '198',
];

/**
 * A unique, valid-looking mobile number for customer i: the prefix cycles, and the eight digits
 * are a bijection of i within a prefix (multiplying by a number coprime to 10^8).
 */
export function msisdnFor(i: number): string {
  const prefix = CMCC_PREFIXES[i % CMCC_PREFIXES.length];
  const j = Math.floor(i / CMCC_PREFIXES.length);
  const body = (j * 48_271 + 12_345_679) % 100_000_000;
  return prefix + String(body).padStart(8, '0');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-digit resident ID number with a valid GB 11643 check digit. */
export function idNumber(regionCode: string, birthDate: string, sequence: number, male: boolean): string {
  let seq = sequence % 1000;
  if ((seq % 2 === 1) !== male) seq = (seq + 1) % 1000;
  const body = regionCode + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
  const sum = [...body].reduce((s, ch, k) => s + Number(ch) * ID_WEIGHTS[k], 0);
  return body + ID_CHECK[sum % 11];
}
