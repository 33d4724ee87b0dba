/** The text `npm run host -- --help` prints; kept apart so the parser stays short. */
import { defaultPeerLimits } from './peer-limits.js';

/** The defaults the help text names; `host-options.ts` uses the same values. */
export const helpDefaults = { bind: '0.0.0.0', port: 8765, peerPath: '/peerjs' } as const;

export const hostHelpText = `Usage: npm run host -- [options]

Runs the Huddle web host without the desktop app: it serves the web client to
browsers and runs the PeerJS rendezvous server on the same port.

Options:
  --bind ADDR       address to listen on (default ${helpDefaults.bind}: every interface)
  --port N          TCP port, 0-65535; 0 picks any free port (default ${helpDefaults.port})
  --peer-path PATH  mount path of the PeerJS server (default ${helpDefaults.peerPath})
  --key KEY         PeerJS key clients must use (default: a random key, new at
                    every start; the page the host serves and its invite links
                    carry it, and the host prints it)
  --help            show this text

HTTPS (browsers allow the camera only on https:// pages, or on localhost):
  by default the host serves HTTPS with a certificate it makes on its first
  start and keeps, so its fingerprint stays the same; plain HTTP on the same
  port gets a page pointing to the HTTPS address
  --cert-dir DIR    where that certificate is kept (default: the desktop
                    app's user-data folder, beside its settings)
  --cert FILE       use this certificate (PEM) instead, e.g. one from your
  --cert-key FILE   own certificate authority, with its unencrypted key (PEM)
  --http            plain HTTP only, e.g. behind your own HTTPS proxy

Relay for guests that cannot connect directly (default: none, fine on a LAN):
  --turn            also run a TURN relay (coturn, which must be installed) on
                    the bind address; every page gets its own credentials,
                    valid for one hour, made from a secret only the host knows
  --turn-port N     the relay's UDP and TCP port (default 3478, or any free
                    port when 3478 is taken)
  --turn-secret S   the relay's shared secret (default: random at every start)
  --turn-url URL    use a relay that runs elsewhere instead, e.g.
                    turn:relay.example.org:3478 (or turns: for TLS), with the
                    shared secret given by --turn-secret (coturn's
                    static-auth-secret with use-auth-secret)
  --ice-server URL  a STUN or TURN server handed to pages as is (repeatable),
                    e.g. stun:stun.example.org:3478
  --ice-username U  with --ice-credential: the login for the --ice-server TURN URLs
  --ice-credential C

Limits of the PeerJS server (a peer is one open app or browser tab):
  --max-peers N          peers connected at once; one more is refused
                         (default ${defaultPeerLimits.maxPeers})
  --max-message-bytes N  largest signaling message; a larger one closes that
                         peer's connection (default ${defaultPeerLimits.maxMessageBytes})
  --message-rate N       messages per second one peer may send, sustained
                         (default ${defaultPeerLimits.messagesPerSecond})
  --message-burst N      messages one peer may send at once above that rate;
                         a peer over the limit is disconnected (default ${defaultPeerLimits.messageBurst})
  --alive-timeout MS     a peer silent this long (clients send a heartbeat
                         every 5 s) is dropped and its id freed (default ${defaultPeerLimits.aliveTimeoutMs})
`;
