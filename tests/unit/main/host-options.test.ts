import { describe, expect, it } from 'vitest';
import { defaultHostOptions, hostHelpText, parseHostArgs } from '../../../main/host/host-options.js';

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
      key: 'huddle',
      help: false,
    });
    expect(defaultHostOptions.port).toBe(8765);
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(options(['--bind', '127.0.0.1', '--port', '9000', '--peer-path', '/rtc', '--key', 'k-1'])).toEqual(
      {
        bind: '127.0.0.1',
        port: 9000,
        peerPath: '/rtc',
        key: 'k-1',
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
  ])('rejects %j', (argv, message) => {
    expect(error(argv)).toMatch(message);
  });
});
