#!/usr/bin/env node
// Electron security lint: runs Doyensec's Electronegativity over the main
// process and preload sources (TypeScript, which it parses directly), prints
// every finding with its severity, and fails only on a HIGH one (or on a file
// it cannot parse, which would otherwise pass unchecked).
//
// The directories are scanned together, from a temporary copy, so that its
// whole-app checks (is there a permission handler, a navigation limit, a CSP
// anywhere?) see the main process and the preload as the one app they are.
//
// Electronegativity would reach out to the internet twice: for translations
// of its messages, and for Electron's release list (its
// AVAILABLE_SECURITY_FIXES check). This script loads it with its HTTP client
// replaced by one that always fails, so it runs offline, and skips that one
// check: the Electron version in package.json is the project's choice, kept
// current by its own updates, not something this lint could judge offline.
//
// Usage: node tests/electron-security.mjs [dir ...]   (default: main preload)
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const offlineGot = () => Promise.reject(new Error('offline: network access is disabled for this lint'));
offlineGot.head = offlineGot;
offlineGot.get = offlineGot;
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'got') return offlineGot;
  return originalLoad.call(this, request, parent, isMain);
};

const networkChecks = ['availablesecurityfixesglobalcheck'];

function installedElectronVersion() {
  try {
    return JSON.parse(readFileSync(path.join(repo, 'node_modules', 'electron', 'package.json'), 'utf8'))
      .version;
  } catch {
    return undefined;
  }
}

/** Messages the tool prints for the translation download it cannot make here. */
function quietly(run) {
  const log = console.log;
  console.log = (...args) => {
    if (/Could not retrieve updated translations|No connectivity\?/.test(String(args[0]))) return;
    log(...args);
  };
  return run().finally(() => {
    console.log = log;
  });
}

async function main() {
  const electronegativity = require('@doyensec/electronegativity');
  const inputs = process.argv.slice(2).length ? process.argv.slice(2) : ['main', 'preload'];
  const electronVersion = installedElectronVersion();
  const counts = { HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
  let parseFailures = 0;

  const scanDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-electron-lint-'));
  try {
    for (const input of inputs)
      cpSync(path.resolve(repo, input), path.join(scanDir, input), { recursive: true });
    const result = await quietly(() =>
      electronegativity(
        {
          input: scanDir,
          isRelative: true,
          excludeFromScan: networkChecks,
          electronVersionOverride: electronVersion,
          severitySet: 'informational',
          confidenceSet: 'tentative',
          parserPlugins: [],
        },
        false,
      ),
    );
    for (const error of result.errors) {
      if (!error.tolerable) parseFailures += 1;
      console.log(
        `${error.tolerable ? 'warning' : 'ERROR'}: could not fully parse ${error.file}: ${error.message}`,
      );
    }
    const issues = [...result.issues].sort((a, b) => b.severity.value - a.severity.value);
    for (const issue of issues) {
      counts[issue.severity.name] = (counts[issue.severity.name] ?? 0) + 1;
      const where = `${issue.file}:${issue.location.line}:${issue.location.column}`;
      const review = issue.manualReview ? ' (manual review)' : '';
      console.log(
        `${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id}${review}  ${where}`,
      );
      console.log(`${' '.repeat(24)}${issue.description}`);
    }
    console.log(
      `${inputs.join(' + ')}: ${issues.length} finding(s) from ${result.atomicChecks} atomic and ` +
        `${result.globalChecks} global checks (Electron ${electronVersion ?? 'unknown'})`,
    );
  } finally {
    rmSync(scanDir, { recursive: true, force: true });
  }

  const summary = Object.entries(counts)
    .map(([name, count]) => `${count} ${name.toLowerCase()}`)
    .join(', ');
  console.log(`Electron security lint: ${summary}`);
  if (counts.HIGH > 0 || parseFailures > 0) {
    console.error(
      counts.HIGH > 0
        ? 'Electron security lint failed: fix the HIGH severity findings above.'
        : 'Electron security lint failed: a source file could not be parsed, so it was not checked.',
    );
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(
    `Electron security lint could not run: ${error instanceof Error ? error.stack : String(error)}`,
  );
  process.exitCode = 1;
});
