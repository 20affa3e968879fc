// Headless Debian Chromium for the end-to-end tests (playwright-core never downloads a
// browser). The flags keep it off the network this machine does not have.
import { type Browser, chromium } from 'playwright-core';
import { findExecutable, serviceAvailable } from './services.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests run here (skip with a reason; fail when REQUIRE_SERVICES=1). */
export function chromiumAvailable(): boolean {
  return serviceAvailable(
    'Chromium',
    findExecutable(CHROMIUM) !== undefined,
    `install Chromium at ${CHROMIUM}, e.g. apt-get install chromium`,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}
