// Which local address this machine would use to reach an address: a UDP socket "connected" to it
// asks the kernel's routing table and sends nothing (connect(2) on a datagram socket only sets the
// peer; no packet leaves until a send). Used to suggest the desktop's address for the probe's
// LoadBalancer source ranges.
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';

export type RouteAddress = (ip: string) => Promise<string | null>;

export const systemRouteAddress: RouteAddress = (ip) =>
  new Promise((done) => {
    const family = isIP(ip);
    if (!family) return done(null);
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    const finish = (address: string | null) => {
      socket.close();
      done(address);
    };
    socket.on('error', () => finish(null));
    // Port 9 (discard): nothing is sent, the port only completes the peer address.
    socket.connect(9, ip, () => {
      try {
        finish(socket.address().address);
      } catch {
        finish(null);
      }
    });
  });
