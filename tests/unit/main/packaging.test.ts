/**
 * electron-builder.yml and package.json give every target what electron-builder
 * (and the systems it packages for) require. The configuration is read and
 * checked against the schema by electron-builder's own code (app-builder-lib
 * is the library the electron-builder command runs); then each rule below
 * is checked, and where a rule's source is electron-builder's code, that the
 * code still says what the rule quotes, so the table cannot quietly go stale
 * when electron-builder is upgraded.
 */
import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_LINK_SCHEME } from '../../../renderer/engine/invite.js';

const repo = path.resolve(__dirname, '../../..');
const builderLib = path.join(repo, 'node_modules', 'app-builder-lib');

interface PackageJson {
  name?: string;
  version?: string;
  description?: string;
  homepage?: string;
  author?: { name?: string; email?: string } | string;
  repository?: { url?: string } | string;
}

interface Facts {
  config: Configuration;
  pkg: PackageJson;
  resources: string;
  /** Does electron-builder copy this file (relative to the repository) into the app? */
  packs(file: string): boolean;
}

/**
 * electron-builder's own choice of the app's files: its `files` patterns
 * plus the exclusions it adds (the build-resources folder among them).
 * Internal to app-builder-lib, hence declared here.
 */
type MainFileMatchers = (
  appDir: string,
  destination: string,
  macroExpander: (pattern: string) => string,
  platformOptions: object,
  platformPackager: {
    info: {
      projectDir: string;
      buildResourcesDir: string;
      config: Configuration;
      isPrepackedAppAsar: boolean;
      debugLogger: DebugLogger;
    };
  },
  outDir: string,
  isElectronCompile: boolean,
) => Array<{ createFilter(): (file: string, stat: Stats) => boolean }>;

async function packedFiles(config: Configuration, resources: string): Promise<(file: string) => boolean> {
  const { getMainFileMatchers } = (await import('app-builder-lib/out/fileMatcher.js')) as unknown as {
    getMainFileMatchers: MainFileMatchers;
  };
  const info = {
    projectDir: repo,
    buildResourcesDir: path.join(repo, resources),
    config,
    isPrepackedAppAsar: false,
    debugLogger: new DebugLogger(false),
  };
  const outDir = path.join(repo, config.directories?.output ?? 'dist');
  const filters = getMainFileMatchers(repo, '/app', (pattern) => pattern, {}, { info }, outDir, false).map(
    (matcher) => matcher.createFilter(),
  );
  return (file) => {
    const full = path.join(repo, file);
    return existsSync(full) && filters.some((filter) => filter(full, statSync(full)));
  };
}

/** Where a rule comes from: a file of electron-builder that says `says`, or a document. */
type Source = { file: string; says: string | RegExp } | { document: string };

interface Rule {
  targets: readonly string[];
  rule: string;
  source: Source;
  holds(facts: Facts): boolean;
}

const everyTarget = ['AppImage', 'deb', 'nsis', 'dmg'];

function resource(facts: Facts, file: string | null | undefined): string {
  return path.resolve(repo, facts.resources, file ?? '');
}

/** electron-builder's own default deb dependencies, read from its source. */
function defaultDebDepends(): string[] {
  const source = readFileSync(path.join(builderLib, 'out/targets/FpmTarget.js'), 'utf8');
  const list = /case "deb":\s*return (\[[^\]]*\])/.exec(source)?.[1];
  return list ? (JSON.parse(list) as string[]) : [];
}

/** The largest image in an .ico, read as electron-builder reads it (0 in a size byte means 256). */
function icoMaxSize(file: string): number {
  const ico = readFileSync(file);
  let max = 0;
  for (let index = 0; index < ico.readUInt16LE(4); index++) max = Math.max(max, ico[6 + index * 16] || 256);
  return max;
}

function entitlements(file: string): Set<string> {
  const plist = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  return new Set([...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]!));
}

/** Whether `protocols` registers the scheme of the app's invite links. */
function registersAppLinks(config: Configuration): boolean {
  const protocols = [config.protocols ?? []].flat();
  return protocols.some((protocol) => [protocol.schemes].flat().includes(APP_LINK_SCHEME));
}

function author(pkg: PackageJson): { name?: string; email?: string } {
  if (typeof pkg.author !== 'string') return pkg.author ?? {};
  const match = /^([^<]*)<([^>]+)>/.exec(pkg.author);
  return match ? { name: match[1]!.trim(), email: match[2] } : { name: pkg.author };
}

const rules: Rule[] = [
  {
    targets: everyTarget,
    rule: 'package.json has a name and a version',
    source: {
      file: 'out/util/packageMetadata.js',
      says: "Please specify '${missedFieldName}' in the package.json",
    },
    holds: ({ pkg }) => Boolean(pkg.name?.trim() && pkg.version?.trim()),
  },
  {
    targets: everyTarget,
    rule: 'package.json has a description and an author (else electron-builder warns, and installers show nothing)',
    source: { file: 'out/util/packageMetadata.js', says: 'description is missed in the package.json' },
    holds: ({ pkg }) => Boolean(pkg.description?.trim() && author(pkg).name?.trim()),
  },
  {
    targets: ['deb'],
    rule: 'the project has a homepage (package.json homepage, or a GitHub repository)',
    source: { file: 'out/targets/FpmTarget.js', says: 'Please specify project homepage' },
    holds: ({ pkg }) => /^https?:\/\//.test(pkg.homepage ?? ''),
  },
  {
    targets: ['deb'],
    rule: "the maintainer has an e-mail: linux.maintainer, or package.json author's email",
    source: { file: 'out/errorMessages.js', says: "Please specify author 'email'" },
    holds: ({ config, pkg }) =>
      Boolean(config.linux?.maintainer ?? config.deb?.maintainer ?? author(pkg).email),
  },
  {
    targets: ['deb'],
    rule: 'a maintainer given in the configuration is "Name <e-mail>", as Debian requires',
    source: { document: 'Debian Policy Manual 5.6.2, "Maintainer"' },
    holds: ({ config }) =>
      [config.linux?.maintainer, config.deb?.maintainer].every(
        (value) => value == null || /<[^@>]+@[^>]+>/.test(value),
      ),
  },
  {
    targets: ['deb'],
    rule: "deb.depends, which replaces electron-builder's defaults, keeps every one of them",
    source: { file: 'out/targets/FpmTarget.js', says: /case "deb":\s*return \["libgtk-3-0"/ },
    holds: ({ config }) => {
      const depends = config.deb?.depends;
      return depends == null || defaultDebDepends().every((name) => depends.includes(name));
    },
  },
  {
    targets: ['deb'],
    rule: 'deb.depends adds the libraries Chromium needs that a minimal system lacks (ALSA, GBM, xkbcommon)',
    source: { document: "Debian's chromium package: apt-cache depends chromium" },
    holds: ({ config }) =>
      ['libasound2', 'libgbm1', 'libxkbcommon0'].every((name) => config.deb?.depends?.includes(name)),
  },
  {
    targets: ['deb'],
    rule: "the deb installs electron-builder's AppArmor profile, which lets the sandbox start on Ubuntu 24.04 and later (README); no after-install script of ours replaces it",
    source: { file: 'templates/linux/after-install.tpl', says: 'apparmor_parser --replace' },
    holds: ({ config }) => config.deb?.afterInstall == null && config.deb?.appArmorProfile == null,
  },
  {
    targets: ['AppImage', 'deb'],
    rule: 'linux.icon is a folder of NxN.png icons, one of them at least 256 pixels',
    source: { file: 'out/util/iconConverter.js', says: 'function collectIconsFromDir' },
    holds: (facts) => {
      const dir = resource(facts, facts.config.linux?.icon);
      if (!existsSync(dir)) return false;
      const sizes = readdirSync(dir).map((name) => Number(/^(\d+)x\1\.png$/.exec(name)?.[1] ?? 0));
      return Math.max(...sizes) >= 256;
    },
  },
  {
    targets: ['nsis'],
    rule: 'win.icon is an .ico with an image of at least 256x256',
    source: { file: 'out/util/iconConverter.js', says: 'Icon must be at least 256x256 pixels' },
    holds: (facts) => {
      const file = resource(facts, facts.config.win?.icon);
      return file.endsWith('.ico') && existsSync(file) && icoMaxSize(file) >= 256;
    },
  },
  {
    targets: ['dmg'],
    rule: 'mac.icon is an .icns holding a 1024-pixel image (ic10)',
    source: {
      document:
        'https://www.electron.build/icons ("icon.icns ... at least 512x512"); Apple Human Interface Guidelines, App icons',
    },
    holds: (facts) => {
      const file = resource(facts, facts.config.mac?.icon);
      return file.endsWith('.icns') && existsSync(file) && readFileSync(file).includes('ic10');
    },
  },
  {
    targets: ['dmg'],
    rule: 'the hardened runtime keeps the JIT entitlement V8 needs (electron-builder default entitlements, which ours replace)',
    source: { file: 'templates/entitlements.mac.plist', says: 'com.apple.security.cs.allow-jit' },
    holds: ({ config }) =>
      [config.mac?.entitlements, config.mac?.entitlementsInherit].every(
        (file) =>
          file != null &&
          existsSync(path.resolve(repo, file)) &&
          entitlements(path.resolve(repo, file)).has('com.apple.security.cs.allow-jit'),
      ),
  },
  {
    targets: ['dmg'],
    rule: 'a signed app may use camera and microphone: device entitlements, in the app and its helpers',
    source: {
      document: 'Apple, Hardened Runtime: Resource Access (com.apple.security.device.camera, .audio-input)',
    },
    holds: ({ config }) =>
      [config.mac?.entitlements, config.mac?.entitlementsInherit].every((file) => {
        const granted =
          file != null && existsSync(path.resolve(repo, file))
            ? entitlements(path.resolve(repo, file))
            : new Set();
        return (
          granted.has('com.apple.security.device.camera') &&
          granted.has('com.apple.security.device.audio-input')
        );
      }),
  },
  {
    targets: ['dmg'],
    rule: 'Info.plist says why Huddle wants the camera, the microphone and the local network',
    source: {
      document:
        'Apple, Requesting authorization for media capture; TN3179 Understanding local network privacy',
    },
    holds: ({ config }) => {
      const info = (config.mac?.extendInfo ?? {}) as Record<string, unknown>;
      return [
        'NSCameraUsageDescription',
        'NSMicrophoneUsageDescription',
        'NSLocalNetworkUsageDescription',
      ].every((key) => typeof info[key] === 'string' && (info[key] as string).length > 0);
    },
  },
  {
    targets: ['AppImage', 'deb'],
    rule: 'huddle: links open the app on Linux (the .desktop entry names the scheme app-links.ts reads)',
    source: { file: 'out/targets/LinuxTargetHelper.js', says: 'x-scheme-handler/${scheme}' },
    holds: ({ config }) => registersAppLinks(config),
  },
  {
    targets: ['dmg'],
    rule: 'huddle: links open the app on macOS (Info.plist names the scheme app-links.ts reads)',
    source: { file: 'out/electron/electronMac.js', says: 'appPlist.CFBundleURLTypes = protocols.map' },
    holds: ({ config }) => registersAppLinks(config),
  },
  {
    targets: everyTarget,
    rule: 'the window icon that electron-main.ts loads is packed into the app',
    source: { document: 'main/electron-main.ts: iconPath, resources/icon.png beside dist/' },
    // Asked of electron-builder's own file matcher: it leaves the
    // build-resources folder out unless a `files` pattern brings a file back.
    holds: ({ packs }) => packs('resources/icon.png'),
  },
];

let facts: Facts;

beforeAll(async () => {
  const config = await getConfig(repo, null, null);
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as PackageJson;
  const resources = config.directories?.buildResources ?? 'build';
  facts = { config, pkg, resources, packs: await packedFiles(config, resources) };
}, 60_000);

describe('electron-builder.yml', () => {
  // Loading electron-builder's schema validator takes seconds on a busy machine.
  it("passes electron-builder's own schema", { timeout: 60_000 }, async () => {
    await expect(validateConfiguration(facts.config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds exactly the targets these rules cover', () => {
    const targets = [facts.config.linux?.target, facts.config.win?.target, facts.config.mac?.target].flat();
    expect(targets.sort()).toEqual([...everyTarget].sort());
  });
});

describe.each(rules.map((entry) => [entry.rule, entry] as const))('%s', (_name, entry) => {
  it(`holds (for ${entry.targets.join(', ')})`, () => {
    expect(entry.holds(facts)).toBe(true);
  });

  if ('file' in entry.source) {
    const { file, says } = entry.source;
    it(`is what electron-builder's ${file} says`, () => {
      const text = readFileSync(path.join(builderLib, file), 'utf8');
      if (typeof says === 'string') expect(text).toContain(says);
      else expect(text).toMatch(says);
    });
  }
});

describe("electron-builder's choice of files", () => {
  it('packs package.json and the window icon, and leaves sources and the icon source out', () => {
    expect(facts.packs('package.json')).toBe(true);
    expect(facts.packs('resources/icon.png')).toBe(true);
    for (const file of [
      'resources/icon/huddle.svg',
      'resources/icon.icns',
      'resources/entitlements.mac.plist',
      'main/electron-main.ts',
      'renderer/main.ts',
      'README.md',
    ]) {
      expect(facts.packs(file), file).toBe(false);
    }
  });

  it('fails the icon rule when files no longer brings the icon back', async () => {
    const config = { ...facts.config, files: ['dist/**/*', 'package.json'] };
    const packs = await packedFiles(config, facts.resources);
    const iconRule = rules.find((entry) => entry.rule.startsWith('the window icon'))!;
    expect(iconRule.holds({ ...facts, config, packs })).toBe(false);
  });
});

describe('the rules catch what they are about', () => {
  it('fails a configuration without homepage, e-mail or the default deb depends', () => {
    const broken: Facts = {
      ...facts,
      pkg: { ...facts.pkg, homepage: undefined, author: 'Huddle contributors' },
      config: {
        ...facts.config,
        linux: { ...facts.config.linux, maintainer: 'Huddle contributors' },
        deb: { depends: ['libasound2'] },
      },
    };
    const failing = rules.filter((entry) => !entry.holds(broken)).map((entry) => entry.rule);
    expect(failing).toEqual(
      expect.arrayContaining([
        rules[2]!.rule, // homepage
        rules[4]!.rule, // maintainer format
        rules[5]!.rule, // default depends
        rules[6]!.rule, // chromium's libraries
      ]),
    );
    expect(defaultDebDepends().length).toBeGreaterThan(5);
  });
});
