// Types for sandbox-check.mjs, which stays plain JavaScript because `npm start` runs it before anything is built.
export interface SandboxFacts {
  platform: NodeJS.Platform;
  /** The user id (null where there is none, on Windows). */
  uid: number | null;
  /** kernel.apparmor_restrict_unprivileged_userns is 1; null where the setting does not exist. */
  userNamespacesRestricted: boolean | null;
  /** Owner and mode of Electron's chrome-sandbox helper; null if it is missing. */
  chromeSandbox: { uid: number; mode: number } | null;
  chromeSandboxPath: string;
  /** A profile in /etc/apparmor.d names Electron's binary and grants it user namespaces. */
  appArmorProfileNamesBinary: boolean;
}
export interface ElectronExit {
  code: number | null;
  /** What Electron wrote to stderr (its last part, at least). */
  output: string;
}
export interface SandboxProblem {
  what: string;
  fix: string;
}
export declare const userNamespaceSetting: string;
export declare function sandboxProblemBeforeStart(facts: SandboxFacts): SandboxProblem | null;
export declare function sandboxProblemAfterExit(
  facts: SandboxFacts,
  exit: ElectronExit,
): SandboxProblem | null;
export declare function fallbackLine(problem: SandboxProblem): string;
export declare function mayOpenBrowserWindow(facts: Pick<SandboxFacts, 'uid'>): boolean;
export declare const appArmorProfilesDir: string;
export declare function appArmorProfileNames(electronBinary: string, profilesDir?: string): boolean;
export declare function readSandboxFacts(electronBinary: string, profilesDir?: string): SandboxFacts;
