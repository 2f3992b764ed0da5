import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { handleError } from './problem.ts';
import { errors } from '../platform/errors.ts';

describe('problem+json mapping', () => {
  it('carries every conflict detail a service sets, none dropped', async () => {
    const app = Fastify();
    app.setErrorHandler((err, req, reply) => handleError(err as Error, req, reply));
    app.get('/followup', async () => {
      throw errors.conflict('The follow-up is not due until 2027-06-01.', { allowed: [], dueOn: '2027-06-01' });
    });
    app.get('/case', async () => {
      throw errors.conflict('A case in status "open" cannot move to "course".', { allowed: ['offer', 'closed'], current: 'open' });
    });
    app.get('/report', async () => {
      throw errors.conflict('The report is running.', { status: 'running', allowed: ['done'] });
    });
    app.get('/call', async () => {
      throw errors.conflict('The call was already forwarded.', { concernId: '0b6c3c52-7f5e-4c39-9d6e-0c7f3a1b2c3d' });
    });
    const followup = (await app.inject('/followup')).json();
    expect(followup).toMatchObject({ status: 409, code: 'conflict', allowed: [], dueOn: '2027-06-01' });
    const kase = (await app.inject('/case')).json();
    expect(kase).toMatchObject({ status: 409, allowed: ['offer', 'closed'], current: 'open' });
    // The job's status must not overwrite the HTTP status field.
    const report = (await app.inject('/report')).json();
    expect(report).toMatchObject({ status: 409, jobStatus: 'running', allowed: ['done'] });
    const call = (await app.inject('/call')).json();
    expect(call.concernId).toBe('0b6c3c52-7f5e-4c39-9d6e-0c7f3a1b2c3d');
    await app.close();
  });
});

describe('router errors', () => {
  it('a path with bad percent-encoding answers 400 naming the path', async () => {
    const app = Fastify({ frameworkErrors: (err, req, reply) => handleError(err, req, reply) });
    app.get('/cases/:id', async () => ({}));
    const res = await app.inject('/cases/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'path', reason: 'is not valid percent-encoding' }]);
    await app.close();
  });
});
