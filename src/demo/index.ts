// The demo: a small network of services on loopback, scanned by the normal pipeline (see `port220 demo`).
export { startDemoNetwork, DEMO_SERVICES, DEMO_PORT, DEMO_FALLBACK_PORT, DemoStartError, type DemoNetwork } from './network.js';
export { scanTargets, listed, type DemoScan } from './scan.js';
