import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { GatewayError } from '../core/errors.js';

/** Validates and decodes in one pass; `fatal` refuses invalid bytes instead of replacing them. A BOM is skipped. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The only body parser: UTF-8 JSON, identity encoding. Invalid UTF-8 is refused rather than
 * silently replaced, and `__proto__` / `constructor.prototype` keys are refused (prototype poisoning).
 * Every other media type gets Fastify's 415, mapped to `unsupported_media_type`.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, function parseJsonBody(req: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      return done(new GatewayError('unsupported_content_encoding', 'Content-Encoding is not supported; send an uncompressed body.'));
    }
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(new GatewayError('unsupported_media_type', 'Only UTF-8 encoded JSON is accepted.'));
    }
    const buffer = typeof body === 'string' ? Buffer.from(body) : body;
    if (buffer.length === 0) return done(new GatewayError('invalid_json', 'The request body is empty; send a JSON object.'));
    let text: string;
    try {
      text = utf8.decode(buffer);
    } catch {
      return done(new GatewayError('invalid_encoding', 'The request body is not valid UTF-8.'));
    }
    try {
      return done(null, sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch {
      return done(new GatewayError('invalid_json', 'We could not parse the JSON body of your request. Check for a syntax error.'));
    }
  });
}
