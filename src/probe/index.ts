// The prober's public surface: probe(), classifyError(), the options.

/** Probe one (ip, port) into an Observation; never throws. */
export { probe, speakFirstWindow, probeReplyWait } from './probe.js';
/** The one mapping from socket errors to status/reason. */
export { classifyError, type Classification } from './classify.js';
/** Timeouts, caps, the injectable dialer, and their defaults. */
export { DEFAULT_PROBE_OPTIONS, withDefaults, type Dialer, type ProbeOptions } from './options.js';
/** The default (node:net) dialer. */
export { netDialer } from './connect.js';
