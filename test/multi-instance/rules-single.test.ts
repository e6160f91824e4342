/** The rules that keep state, across two server processes sharing a single Redis (rules-suite.ts). */
import { rulesAcrossInstances } from './rules-suite';

rulesAcrossInstances('single');
