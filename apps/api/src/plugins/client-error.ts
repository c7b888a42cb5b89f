import type { Socket } from 'node:net';

/**
 * Answers what Node's HTTP parser refused before any route ran (431 for headers too large, 400 for
 * malformed HTTP) in the API's `{ code, message }` shape instead of Fastify's default body.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket) {
  if (!socket.writable) return socket.destroy();
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    tooLarge
      ? { code: 'headers_too_large', message: 'Request headers are too large' }
      : { code: 'invalid_request', message: 'Malformed HTTP request' },
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
