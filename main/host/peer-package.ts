/**
 * The `peer` package (the PeerJS server), loaded for CommonJS.
 *
 * `peer` ships a CommonJS build for `require()`, but its type declarations
 * live in a `"type": "module"` package, so TypeScript rejects a static import
 * from this CommonJS code (TS1479) even though Node resolves it to the CJS
 * build. Loading it with `require` and typing it from the ESM declarations
 * keeps full types without converting `main/` to ESM.
 */
type PeerModule = typeof import('peer', { with: { 'resolution-mode': 'import' } });

// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
export const { ExpressPeerServer } = require('peer') as PeerModule;

/** Options of `ExpressPeerServer`. */
export type PeerServerConfig = NonNullable<Parameters<typeof ExpressPeerServer>[1]>;
