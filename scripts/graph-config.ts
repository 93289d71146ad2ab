import { ConfigError, loadConfig, type Config } from '../lib/config.js';

/**
 * The configuration of the graph a command-line tool signs for (`npm run token`, `npm run hook`):
 * its DATA_DIR's secrets or the *_SECRET variables, never new ones. When they cannot be known the
 * tool says why and exits 1.
 */
export function graphConfigOrExit(): Config {
  try {
    return loadConfig(process.env, [], { createSecrets: false });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`cannot sign: ${e.message}`);
    process.exit(1);
  }
}
