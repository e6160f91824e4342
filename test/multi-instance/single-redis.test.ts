/** Two server processes on one database and the run's Redis: the rules across both, then nginx in front of them. */
import { behindNginx } from './nginx-suite';
import { rulesAcrossInstances } from './rules-suite';

rulesAcrossInstances('single', [behindNginx]);
