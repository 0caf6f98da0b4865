/** Debian's Chromium for the browser tests (driven by playwright-core). */
export const CHROMIUM = '/usr/bin/chromium';

/** Arguments that keep Chromium off the network it has not been asked to use (docs/console.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
