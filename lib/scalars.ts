import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseDate } from './calendar.js';

function checkDate(value: unknown): string {
  if (typeof value !== 'string') throw new GraphQLError('Date must be a string YYYY-MM-DD / 日期须为 YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  try {
    parseDate(value);
  } catch {
    throw new GraphQLError(`not a calendar date: "${value}" (expected YYYY-MM-DD) / 日期格式错误`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD, Asia/Shanghai.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : checkDate(value)),
  parseValue: checkDate,
  parseLiteral: (ast) => checkDate(ast.kind === Kind.STRING ? ast.value : null),
});

function toInstant(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be ISO 8601 / 时间格式错误', { extensions: { code: 'BAD_USER_INPUT' } });
  return date.toISOString();
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with offset.',
  serialize: toInstant,
  parseValue: toInstant,
  parseLiteral: (ast) => toInstant(ast.kind === Kind.STRING ? ast.value : null),
});
