// Per-attempt presentation order, derived from the attempt's stored 32-bit seed so that every request (and a
// replay of the event log) shows the learner the same order without storing it.
import type { QuizDefinition } from "~/courses/format";

/** mulberry32: a tiny, well-mixed 32-bit PRNG; plenty for ordering, not for secrets. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent seed per purpose (FNV-1a of the label, keyed by the attempt seed), so that adding a question
 * does not reshuffle the options of every other question.
 */
export function seedFor(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Fisher–Yates with a seeded generator; returns a new array. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

export function questionOrder(quiz: QuizDefinition, seed: number): string[] {
  const ids = quiz.questions.map((question) => question.id);
  return quiz.settings.shuffleQuestions ? shuffle(ids, seedFor(seed, "questions")) : ids;
}

/** Options of a choice question or step, or items of a matching question, as shown (shuffleOptions). */
export function displayOrder<T extends { id: string }>(
  items: readonly T[],
  ownerId: string,
  seed: number,
  isShuffled: boolean,
): T[] {
  return isShuffled ? shuffle(items, seedFor(seed, ownerId)) : [...items];
}

/**
 * Ordering items as shown: always shuffled, whatever shuffleOptions says, since the file lists them in the
 * correct order. A shuffle that lands on the correct order is rotated by one, which differs for 2+ items.
 */
export function orderingDisplayOrder<T extends { id: string }>(items: readonly T[], ownerId: string, seed: number): T[] {
  const shuffled = shuffle(items, seedFor(seed, ownerId));
  const isCorrectOrder = shuffled.every((item, position) => item.id === items[position].id);
  return isCorrectOrder && items.length > 1 ? [...shuffled.slice(1), shuffled[0]] : shuffled;
}
