/**
 * One port for HTTPS and for the plain-HTTP page that points to it: the
 * first byte a client sends tells them apart (0x16 opens every TLS
 * handshake; an HTTP request starts with a method's letter). Each connection
 * is handed, unread, to the HTTPS server or to the plain one.
 */
import { createServer, type Server as NetServer, type Socket } from 'node:net';

const tlsHandshake = 0x16;
/** A client that connects and says nothing is let go after this long. */
const firstByteTimeoutMs = 10_000;

export interface TlsFront {
  /** Listens on behalf of both servers. */
  server: NetServer;
  /** Ends every connection it accepted, upgraded websockets included. */
  destroyAll(): void;
}

/** `secure` is an HTTPS server, `plain` an HTTP one; neither listens itself. */
export function createTlsFront(secure: NetServer, plain: NetServer): TlsFront {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setTimeout(firstByteTimeoutMs, () => socket.destroy());
    const sniff = (): void => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        socket.once('readable', sniff);
        return;
      }
      socket.setTimeout(0);
      socket.unshift(first);
      (first[0] === tlsHandshake ? secure : plain).emit('connection', socket);
    };
    socket.once('readable', sniff);
    // Until a server owns it, a reset by the client must not be an unhandled 'error'.
    socket.on('error', () => socket.destroy());
  });
  return {
    server,
    destroyAll() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}
