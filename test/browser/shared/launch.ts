// Headless Chromium: Debian's /usr/bin/chromium driven by
// playwright-core (never a downloaded browser). Flags keep Chromium off the network
// (this machine refuses most connections) and turn on WebGPU with SwiftShader.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in CI
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu', // WebGPU adapter = SwiftShader fallback; correct but slow
  '--enable-unsafe-swiftshader', // WebGL on SwiftShader without the deprecated auto-fallback
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with: ` +
        'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium ' +
        '(never `npx playwright install`), or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
