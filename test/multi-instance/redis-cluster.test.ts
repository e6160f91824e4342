/** Two server processes on one database and a Redis Cluster of three masters: the rules across both. */
import { rulesAcrossInstances } from './rules-suite';

rulesAcrossInstances('cluster');
