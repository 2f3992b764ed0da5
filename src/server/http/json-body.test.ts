import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { exceedsJsonDepth, MAX_JSON_DEPTH, parseJsonBody } from './json-body.ts';
import { handleError } from './problem.ts';

function nested(depth: number, asArray: boolean): string {
  return asArray ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

async function app() {
  const a = Fastify();
  a.removeContentTypeParser('application/json');
  a.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  a.setErrorHandler((err, req, reply) => handleError(err as Error, req, reply));
  a.post('/echo', async (req) => ({ got: req.body }));
  return a;
}

describe('JSON request bodies', () => {
  it('measures depth outside strings only', () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH, true))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1, true))).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify({ text: '['.repeat(1000) + '\\"{'.repeat(100) }))).toBe(false);
  });

  it('answers a body nested 10,000 deep with 400 naming the body and the limit, objects and arrays alike', async () => {
    const a = await app();
    for (const asArray of [true, false]) {
      const res = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: nested(10_000, asArray) });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'body', reason: `is nested deeper than ${MAX_JSON_DEPTH} levels` }]);
    }
    await a.close();
  });

  it('still parses ordinary bodies, and refuses bad JSON and prototype poisoning with 400', async () => {
    const a = await app();
    const ok = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":"Åse","tags":["x"]}' });
    expect(ok.json()).toEqual({ got: { name: 'Åse', tags: ['x'] } });
    const bad = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'body', reason: 'is not valid JSON' }]);
    const proto = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"admin":true}}' });
    expect(proto.statusCode).toBe(400);
    await a.close();
  });
});
