import { describe, expect, it } from 'vitest';
import { defaultHostOptions, hostHelpText, parseHostArgs } from '../../../main/host/host-options.js';
import { defaultPeerLimits } from '../../../main/host/peer-limits.js';

function options(argv: string[]) {
  const result = parseHostArgs(argv);
  if (!result.ok) throw new Error(`expected success, got: ${result.error}`);
  return result.options;
}

function error(argv: string[]): string {
  const result = parseHostArgs(argv);
  if (result.ok) throw new Error(`expected an error for ${JSON.stringify(argv)}`);
  return result.error;
}

describe('parseHostArgs', () => {
  it('uses the documented defaults when given nothing', () => {
    expect(options([])).toEqual({
      bind: '0.0.0.0',
      port: 8765,
      peerPath: '/peerjs',
      // No key: the host makes a random one at every start.
      key: null,
      limits: {
        maxPeers: 64,
        maxMessageBytes: 65536,
        messagesPerSecond: 40,
        messageBurst: 200,
        aliveTimeoutMs: 15000,
      },
      // No relay and no ICE servers: fine on a LAN.
      turn: null,
      iceServers: [],
      // HTTPS with the certificate kept in the default folder.
      tls: { kind: 'kept', dir: null },
      help: false,
    });
    expect(defaultHostOptions.port).toBe(8765);
    expect(defaultHostOptions.limits).toEqual(defaultPeerLimits);
  });

  it('reads every limit, leaving the others at their defaults', () => {
    expect(
      options([
        '--max-peers',
        '2',
        '--max-message-bytes=8192',
        '--message-rate',
        '10',
        '--message-burst',
        '50',
        '--alive-timeout',
        '30000',
      ]).limits,
    ).toEqual({
      maxPeers: 2,
      maxMessageBytes: 8192,
      messagesPerSecond: 10,
      messageBurst: 50,
      aliveTimeoutMs: 30000,
    });
    expect(options(['--max-peers', '1']).limits).toEqual({ ...defaultPeerLimits, maxPeers: 1 });
    // Parsing never changes the shared defaults.
    expect(defaultHostOptions.limits).toEqual(defaultPeerLimits);
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(options(['--bind', '127.0.0.1', '--port', '9000', '--peer-path', '/rtc', '--key', 'k-1'])).toEqual(
      {
        bind: '127.0.0.1',
        port: 9000,
        peerPath: '/rtc',
        key: 'k-1',
        limits: defaultPeerLimits,
        turn: null,
        iceServers: [],
        tls: { kind: 'kept', dir: null },
        help: false,
      },
    );
    expect(options(['--port=0', '--bind=::1', '--key=abc', '--peer-path=/a/b'])).toMatchObject({
      port: 0,
      bind: '::1',
      key: 'abc',
      peerPath: '/a/b',
    });
    // A key may start with "-" (any build's random key could): the = spelling takes it.
    expect(options(['--key=-AbC_1']).key).toBe('-AbC_1');
  });

  it('accepts hostnames and the edge ports', () => {
    expect(options(['--bind', 'localhost']).bind).toBe('localhost');
    expect(options(['--port', '0']).port).toBe(0);
    expect(options(['--port', '65535']).port).toBe(65535);
  });

  it('normalises a trailing slash in the peer path', () => {
    expect(options(['--peer-path', '/peerjs/']).peerPath).toBe('/peerjs');
  });

  it('recognises --help and -h', () => {
    expect(options(['--help']).help).toBe(true);
    expect(options(['-h', '--port', '1']).help).toBe(true);
    expect(hostHelpText).toContain('--peer-path');
    expect(hostHelpText).toContain('--port');
  });

  it('documents the random key and every limit with its default', () => {
    expect(hostHelpText).toMatch(/--key KEY\s+PeerJS key clients must use \(default: a random key/);
    expect(hostHelpText).not.toContain('huddle)');
    expect(hostHelpText).toMatch(/--max-peers N[\s\S]*\(default 64\)/);
    expect(hostHelpText).toMatch(/--max-message-bytes N[\s\S]*\(default 65536\)/);
    expect(hostHelpText).toMatch(/--message-rate N[\s\S]*\(default 40\)/);
    expect(hostHelpText).toMatch(/--message-burst N[\s\S]*\(default 200\)/);
    expect(hostHelpText).toMatch(/--alive-timeout MS[\s\S]*\(default 15000\)/);
  });

  it.each([
    [['--port', 'abc'], /--port expects a number/],
    [['--port', '-1'], /--port needs a value|--port expects/],
    [['--port', '65536'], /--port expects a number from 0 to 65535/],
    [['--port', '0x10'], /--port expects/],
    [['--port', '1.5'], /--port expects/],
    [['--port'], /--port needs a value/],
    [['--port', '--bind', 'x'], /^--port needs a value$/],
    [['--key', '-AbC_1'], /^--key needs a value \(one that starts with "-" is given as --key=-AbC_1\)$/],
    [['--port='], /--port needs a value/],
    [['--bind', 'not an address!'], /--bind expects an IP address or hostname/],
    [['--bind'], /--bind needs a value/],
    [['--peer-path', 'peerjs'], /must start with "\/"/],
    [['--peer-path', '/'], /sub-path/],
    [['--peer-path', '/api'], /sub-path/],
    [['--peer-path', '/a/../b'], /"\." or "\.\." segments/],
    [['--peer-path', '/a b'], /may contain only/],
    [['--key', 'has space'], /--key must be/],
    [['--key', 'x'.repeat(65)], /--key must be/],
    [['--verbose'], /Unknown option "--verbose"/],
    [['8765'], /Unknown option "8765"/],
    [['--port', '1', '--port', '2'], /more than once/],
    [['--help=yes'], /takes no value/],
    [['--max-peers', '0'], /--max-peers expects a whole number from 1 to 100000/],
    [['--max-peers', 'many'], /--max-peers expects a whole number/],
    [['--max-peers', '-3'], /--max-peers needs a value|--max-peers expects/],
    [['--max-peers'], /--max-peers needs a value/],
    [['--max-message-bytes', '100'], /--max-message-bytes expects a whole number from 4096/],
    [['--max-message-bytes', '64k'], /--max-message-bytes expects/],
    [['--message-rate', '0'], /--message-rate expects a whole number from 1/],
    [['--message-rate', '2.5'], /--message-rate expects/],
    [['--message-burst', '0'], /--message-burst expects a whole number from 1/],
    [['--alive-timeout', '5000'], /--alive-timeout expects a whole number from 10000 .*heartbeat every 5 s/],
    [['--max-peers', '2', '--max-peers=3'], /more than once/],
    [['--turn=yes'], /--turn takes no value/],
    [['--turn-port', '3478'], /--turn-port needs --turn/],
    [['--turn', '--turn-port', '0'], /--turn-port expects a number from 1 to 65535/],
    [['--turn', '--turn-port', '70000'], /--turn-port expects/],
    [['--turn-secret', 'abc'], /--turn-secret needs --turn or --turn-url/],
    [['--turn', '--turn-secret', 'has space'], /--turn-secret must be/],
    [['--turn', '--turn-secret', 'has#hash'], /--turn-secret must be/],
    [['--turn-url', 'turn:relay.example.org'], /--turn-url needs --turn-secret/],
    [['--turn-url', 'http://relay.example.org', '--turn-secret', 's'], /--turn-url expects turn:HOST/],
    [['--turn-url', 'turn:relay:3478?transport=udp', '--turn-secret', 's'], /--turn-url expects/],
    [['--turn-url', 'turn:user@relay', '--turn-secret', 's'], /--turn-url expects/],
    [['--turn-url', 'turn:r:3478', '--turn-secret', 's', '--turn-port', '1'], /put the port in --turn-url/],
    [['--ice-server', 'http://x'], /--ice-server expects a stun:, stuns:, turn: or turns: URL/],
    [['--ice-server', 'turn:x:3478'], /TURN --ice-server needs --ice-username and --ice-credential/],
    [['--ice-server', 'stun:x', '--ice-username', 'u'], /go together/],
    [['--ice-username', 'u', '--ice-credential', 'c'], /need --ice-server/],
    [['--ice-username', 'u', '--ice-username', 'v'], /more than once/],
  ])('rejects %j', (argv, message) => {
    expect(error(argv)).toMatch(message);
  });
});

describe('parseHostArgs: TURN and ICE servers', () => {
  it('--turn runs a relay on a port and secret of its own choosing unless told', () => {
    expect(options(['--turn']).turn).toEqual({ kind: 'embedded', port: null, secret: null });
    expect(options(['--turn', '--turn-port', '3479', '--turn-secret=abc-123']).turn).toEqual({
      kind: 'embedded',
      port: 3479,
      secret: 'abc-123',
    });
  });

  it('--turn-url uses a relay elsewhere with its shared secret, default ports by scheme', () => {
    expect(options(['--turn-url', 'turn:relay.example.org', '--turn-secret', 's']).turn).toEqual({
      kind: 'external',
      host: 'relay.example.org',
      port: 3478,
      secure: false,
      secret: 's',
    });
    expect(options(['--turn-url=turns:10.0.0.9:443', '--turn-secret', 's', '--turn']).turn).toEqual({
      kind: 'external',
      host: '10.0.0.9',
      port: 443,
      secure: true,
      secret: 's',
    });
    expect(options(['--turn-url', 'turn:[2001:db8::1]', '--turn-secret', 's']).turn).toMatchObject({
      host: '2001:db8::1',
      port: 3478,
    });
    expect(options(['--turn-url', 'turns:relay', '--turn-secret', 's']).turn).toMatchObject({ port: 5349 });
  });

  it('passes static ICE servers through as given, repeatable, with one login', () => {
    expect(options(['--ice-server', 'stun:stun.example.org:3478']).iceServers).toEqual([
      { urls: ['stun:stun.example.org:3478'] },
    ]);
    expect(
      options([
        '--ice-server',
        'turn:relay.example.org:3478?transport=udp',
        '--ice-server=turns:relay.example.org:443?transport=tcp',
        '--ice-username',
        'alice',
        '--ice-credential',
        'pa55',
      ]).iceServers,
    ).toEqual([
      {
        urls: ['turn:relay.example.org:3478?transport=udp', 'turns:relay.example.org:443?transport=tcp'],
        username: 'alice',
        credential: 'pa55',
      },
    ]);
  });

  it('documents the relay options', () => {
    for (const flag of [
      '--turn ',
      '--turn-port',
      '--turn-secret',
      '--turn-url',
      '--ice-server',
      '--ice-username',
      '--ice-credential',
    ]) {
      expect(hostHelpText).toContain(flag);
    }
    expect(hostHelpText).toContain('coturn');
  });
});

describe('parseHostArgs: HTTPS', () => {
  it('keeps a certificate of its own by default, in the folder given', () => {
    expect(options([]).tls).toEqual({ kind: 'kept', dir: null });
    expect(options(['--cert-dir', '/var/lib/huddle']).tls).toEqual({ kind: 'kept', dir: '/var/lib/huddle' });
  });

  it('uses a given certificate and key, or plain HTTP', () => {
    expect(options(['--cert', 'host.pem', '--cert-key=host-key.pem']).tls).toEqual({
      kind: 'given',
      certFile: 'host.pem',
      keyFile: 'host-key.pem',
    });
    expect(options(['--http']).tls).toEqual({ kind: 'none' });
  });

  it.each([
    [['--cert', 'c.pem'], /--cert and --cert-key go together/],
    [['--cert-key', 'k.pem'], /--cert and --cert-key go together/],
    [['--http', '--cert', 'c.pem', '--cert-key', 'k.pem'], /--http serves no certificate/],
    [['--http', '--cert-dir', 'd'], /--http serves no certificate/],
    [
      ['--cert', 'c', '--cert-key', 'k', '--cert-dir', 'd'],
      /--cert-dir is for the certificate the host makes/,
    ],
    [['--http=yes'], /--http takes no value/],
    [['--http', '--http'], /more than once/],
    [['--cert'], /--cert needs a value/],
    [['--cert-dir', 'x'.repeat(5000)], /--cert-dir expects a file name/],
  ])('rejects %j', (argv, message) => {
    expect(error(argv)).toMatch(message);
  });

  it('documents the HTTPS options', () => {
    for (const flag of ['--http', '--cert FILE', '--cert-key FILE', '--cert-dir DIR']) {
      expect(hostHelpText).toContain(flag);
    }
  });
});
