/**
 * The TURN relay the desktop app's host form can ask for: coturn, started
 * beside the web host when it is installed. What the form says when it is
 * not is here too, per system, since what to install differs.
 */
import {
  CoturnStartError,
  findTurnserver,
  startCoturn,
  type CoturnOptions,
  type RunningCoturn,
} from './coturn-process.js';

/** How hosting starts coturn; tests pass a fake. */
export interface CoturnLauncher {
  /** Why the relay cannot run on this machine, or null when it can (coturn is installed). */
  unavailableReason(): string | null;
  start(options: CoturnOptions): Promise<RunningCoturn>;
}

/** Why there is no relay when `turnserver` was not found: what to install, for this system. */
export function coturnMissingReason(platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    return 'The TURN relay needs coturn, which does not run on Windows. Hosting works without it; guests whose networks block direct connections can use a relay run elsewhere (Network: relay settings).';
  }
  const install =
    platform === 'darwin'
      ? 'install it with Homebrew (brew install coturn)'
      : 'install it (Debian, Ubuntu: sudo apt-get install coturn; Fedora: sudo dnf install coturn)';
  return `The TURN relay needs coturn, which is not installed (no turnserver program was found): ${install}, then host again. Hosting works without it.`;
}

/**
 * A failed relay start in words for the host form: the system's missing-coturn
 * text, or a short sentence (coturn's own output goes to the app's log).
 */
export function relayFailureReason(error: unknown, platform: NodeJS.Platform): string {
  if (error instanceof CoturnStartError && error.code === 'not-installed')
    return coturnMissingReason(platform);
  if (error instanceof CoturnStartError && error.code === 'port-in-use') {
    return 'The TURN relay found no free port on this computer. Hosting works without it.';
  }
  return "The TURN relay (coturn) did not start; the app's log has coturn's own words. Hosting works without it.";
}

/** coturn on this machine, stopped when the app's process exits however it ends. */
export function systemCoturn(platform: NodeJS.Platform = process.platform): CoturnLauncher {
  return {
    unavailableReason: () => (findTurnserver() ? null : coturnMissingReason(platform)),
    async start(options) {
      const coturn = await startCoturn(options);
      const stopAtExit = (): void => coturn.stopNow();
      process.once('exit', stopAtExit);
      return {
        ...coturn,
        stop: () => {
          process.off('exit', stopAtExit);
          return coturn.stop();
        },
      };
    },
  };
}
