/** The rules that keep state, across two server processes sharing a Redis Cluster of three masters (rules-suite.ts). */
import { rulesAcrossInstances } from './rules-suite';

rulesAcrossInstances('cluster');
