import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { GatewayError } from '../core/errors.js';
import { MAX_JSON_DEPTH, checkJsonShape } from './json-shape.js';

/** Validates and decodes in one pass; `fatal` refuses invalid bytes instead of replacing them. A BOM is skipped. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The only body parser: UTF-8 JSON, identity encoding. Invalid UTF-8 is refused rather than
 * silently replaced, and `__proto__` / `constructor.prototype` keys are refused (prototype poisoning).
 * Bodies nested deeper than MAX_JSON_DEPTH, strings with a lone surrogate escape (`"\ud800"`) and numbers
 * that overflow (`1e999`) are refused here with the param named: no route, upstream or audit record has
 * to cope with them.
 * Every other media type gets Fastify's 415, mapped to `unsupported_media_type`.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    function parseJsonBody(req: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) {
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
      let value: unknown;
      try {
        value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
      } catch {
        return done(new GatewayError('invalid_json', 'We could not parse the JSON body of your request. Check for a syntax error.'));
      }
      const problem = checkJsonShape(value, text);
      if (problem === undefined) return done(null, value);
      const message =
        problem.kind === 'too_deep'
          ? `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep at '${problem.param}'.`
          : problem.kind === 'not_finite'
            ? `Invalid '${problem.param}': the number is too large to represent.`
            : `Invalid '${problem.param}': the text holds a lone UTF-16 surrogate escape, which is not a character; send well-formed Unicode.`;
      return done(new GatewayError('invalid_request', message, { param: problem.param || null }));
    },
  );
}
