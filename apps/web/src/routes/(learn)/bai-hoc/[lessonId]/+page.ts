import { lessonBody } from '$lib/lessons';

export const load = async ({ data }) => ({ ...data, body: await lessonBody(data.lesson.file) });
