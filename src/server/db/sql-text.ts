/** Escape LIKE's wildcards (and its escape character) so user text matches literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** A LIKE pattern for values containing `text` literally (a search box's "contains"). */
export function likeContaining(text: string): string {
  return `%${escapeLike(text)}%`;
}
