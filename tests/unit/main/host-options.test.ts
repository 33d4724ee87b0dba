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
        help: false,
      },
    );
    expect(options(['--port=0', '--bind=::1', '--key=abc', '--peer-path=/a/b'])).toMatchObject({
      port: 0,
      bind: '::1',
      key: 'abc',
      peerPath: '/a/b',
    });
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
    [['--port', '--bind', 'x'], /--port needs a value/],
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
  ])('rejects %j', (argv, message) => {
    expect(error(argv)).toMatch(message);
  });
});
