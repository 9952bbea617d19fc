// The prober's public surface: probe(), classifyError(), the options and the dialogue list.

/** Probe one (ip, port) into an Observation; never throws. */
export { probe } from './probe.js';
/** The one mapping from socket errors to status/reason. */
export { classifyError, type Classification } from './classify.js';
/** Timeouts, caps, the injectable dialer, and their defaults. */
export { DEFAULT_PROBE_OPTIONS, withDefaults, type Dialer, type ProbeOptions } from './options.js';
/** The default (node:net) dialer. */
export { netDialer } from './connect.js';
/** The dialogue modules, and the sniffing that picks one from a greeting. */
export { DIALOGUES, pickDialogue, type Dialogue, type DialogueContext } from './dialogues/index.js';
/** The order of active probes for a port. */
export { activeOrder, type ActiveProbe } from './active.js';
