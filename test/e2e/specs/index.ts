// The daemon groups beyond the core nine: one file per protocol group, each with its own host range
// (core 1-9; 20-29, 30-39, 40-49, 50-59, 60-69 for the groups), listed here.
import type { DaemonSpec } from './kit.js';
import { DATA_SPECS } from './data.js';
import { NET_SPECS } from './net.js';
import { MSG_SPECS } from './msg.js';
import { LINES_SPECS } from './lines.js';
import { WEB_SPECS } from './web.js';

/** Every daemon of the groups, in any order (daemon-specs.ts sorts by host). */
export const EXTRA_SPECS: readonly DaemonSpec[] = [
  ...DATA_SPECS,
  ...NET_SPECS,
  ...MSG_SPECS,
  ...LINES_SPECS,
  ...WEB_SPECS,
];
