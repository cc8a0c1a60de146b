// One server of the WebSocket load benchmark, in its own process so that it does
// not share an event loop with the 1,000 clients: `node server.mjs castsim|bare|socketio`.
// Prints its port on the first line, then serves until killed.
import { createServer } from 'node:http';

const kind = process.argv[2];

if (kind === 'castsim') {
  const { GroupServer } = await import('../../dist/realtime/server.js');
  const server = await GroupServer.start({ port: 0, log: () => {}, heartbeatMs: 0, maxBufferedBytes: 64 * 1024 * 1024 });
  console.log(server.port);
} else if (kind === 'bare') {
  // The bare ws loop: plain text is broadcast as the seed does; "g:ROOM:TEXT" goes to a room; "j:ROOM" joins it.
  const { WebSocketServer } = await import('ws');
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const rooms = new Map();
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('j:')) {
        const room = text.slice(2);
        if (!rooms.has(room)) rooms.set(room, new Set());
        rooms.get(room).add(ws);
        ws.send('ok');
      } else if (text.startsWith('g:')) {
        const i = text.indexOf(':', 2);
        for (const c of rooms.get(text.slice(2, i)) ?? []) c.send(text.slice(i + 1));
      } else {
        for (const c of wss.clients) c.send(`Broadcast: ${text}`);
      }
    });
  });
  http.listen(0, '127.0.0.1', () => console.log(http.address().port));
} else if (kind === 'socketio') {
  const { Server } = await import('socket.io');
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false });
  io.on('connection', (socket) => {
    socket.on('b', (text) => io.emit('m', `Broadcast: ${text}`));
    socket.on('j', (room, ack) => { socket.join(room); ack('ok'); });
    socket.on('g', (room, text) => io.to(room).emit('m', text));
  });
  http.listen(0, '127.0.0.1', () => console.log(http.address().port));
} else {
  console.error(`usage: node server.mjs castsim|bare|socketio`);
  process.exit(2);
}
