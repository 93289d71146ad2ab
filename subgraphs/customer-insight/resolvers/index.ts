import { DateScalar } from '../../../lib/scalars.js';
import { Customer } from './Customer.js';
import { Hall } from './Hall.js';
import { Holding } from './Holding.js';
import { MonthlyUsage } from './MonthlyUsage.js';
import { Query } from './Query.js';

export const resolvers = { Query, Customer, Holding, MonthlyUsage, Hall, Date: DateScalar };
