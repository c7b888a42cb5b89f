import type { Component } from 'svelte';

/**
 * Lesson bodies, compiled by mdsvex. One lazy glob: every lesson becomes its own chunk, loaded only
 * on its page (an eager glob beside it would merge them into one chunk: STACK.md pitfall 6).
 */
const bodies = import.meta.glob<{ default: Component }>('../../../../content/lessons/*/*.md');

export async function lessonBody(file: string): Promise<Component> {
  const load = bodies[`../../../../content/${file}`];
  if (!load) throw new Error(`lesson body not found: ${file}`);
  return (await load()).default;
}
