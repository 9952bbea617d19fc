// The prober's public surface: probe(), classifyError(), the options and the dialogue list.
export { probe } from './probe.js';
export { classifyError, type Classification } from './classify.js';
export { DEFAULT_PROBE_OPTIONS, withDefaults, type Dialer, type ProbeOptions } from './options.js';
export { netDialer } from './connect.js';
export { DIALOGUES, pickDialogue, type Dialogue, type DialogueContext } from './dialogues/index.js';
export { activeOrder, type ActiveProbe } from './active.js';
