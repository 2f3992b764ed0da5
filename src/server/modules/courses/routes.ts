import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { Course, CourseEndInput, CourseInput, CourseSession, MentorCourse, SessionInput } from '../../../shared/support.ts';
import { CourseDimensions, CourseDimensionsInput } from '../../../shared/course-dimensions.ts';
import { CoachAssessment, CoachAssessmentInput } from '../../../shared/coach-assessments.ts';
import { courses } from './service.ts';

/** Courses (forløb) and their sessions (docs/domain.md, step 8). */
export async function coursesRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['courses'];
  api.post('/cases/:id/courses', { schema: { tags, params: IdParams, body: CourseInput, response: { 201: Course } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => courses.startCourse(s, req.params.id, req.body))));
  // Registered before /courses/:id so "mine" is never read as an id.
  api.get('/courses/mine', { schema: { tags, response: { 200: z.array(MentorCourse) } } }, (req) => req.scoped((s) => courses.mine(s)));
  api.get('/courses/:id', { schema: { tags, params: IdParams, response: { 200: Course } } }, (req) =>
    req.scoped((s) => courses.get(s, req.params.id)));
  api.post('/courses/:id/end', { schema: { tags, params: IdParams, body: CourseEndInput, response: { 200: Course } } }, (req) =>
    req.scoped((s) => courses.endCourse(s, req.params.id, req.body)));
  api.post('/courses/:id/sessions', { schema: { tags, params: IdParams, body: SessionInput, response: { 201: CourseSession } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => courses.logSession(s, req.params.id, req.body))));
  // The dimensions of the national tool the course addresses (docs/domain.md, "Relevant dimensions of a course").
  api.get('/courses/:id/dimensions', { schema: { tags, params: IdParams, response: { 200: CourseDimensions } } }, (req) =>
    req.scoped((s) => courses.dimensions(s, req.params.id)));
  api.put('/courses/:id/dimensions', { schema: { tags, params: IdParams, body: CourseDimensionsInput, response: { 200: CourseDimensions } } }, (req) =>
    req.scoped((s) => courses.markDimensions(s, req.params.id, req.body)));
  // The coached relative's own instrument (docs/domain.md, "The coached relative's instrument").
  api.post('/courses/:id/relative-assessments', { schema: { tags, params: IdParams, body: CoachAssessmentInput, response: { 201: CoachAssessment } } },
    async (req, reply) => reply.status(201).send(await req.scoped((s) => courses.assessRelative(s, req.params.id, req.body))));
  api.get('/courses/:id/relative-assessments', { schema: { tags, params: IdParams, response: { 200: z.array(CoachAssessment) } } }, (req) =>
    req.scoped((s) => courses.relativeAssessments(s, req.params.id)));
  api.get('/courses/:id/sessions', { schema: { tags, params: IdParams, response: { 200: z.array(CourseSession) } } }, (req) =>
    req.scoped((s) => courses.listSessions(s, req.params.id)));
}
