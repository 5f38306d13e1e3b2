// Wraps a line at spaces, as a reader expects: a word never breaks across
// lines unless it is wider than the line itself (a long URL or pod name),
// and continuation lines keep the line's own indentation.

/** `text` as lines of at most `width` columns. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const chars = [...text];
  if (chars.length <= w) return [text];
  const indent = /^ */.exec(text)![0].length;
  // Continuation lines are indented like the first, unless that leaves too little room.
  const hang = indent <= w / 2 ? ' '.repeat(indent) : '';
  const out: string[] = [];
  let rest = chars;
  let first = true;
  while (rest.length > 0) {
    const room = first ? w : w - hang.length;
    if (rest.length <= room) {
      out.push((first ? '' : hang) + rest.join(''));
      break;
    }
    // The last space that fits (the one right after the room counts too: the word before it fits whole).
    let cut = -1;
    for (let i = Math.min(room, rest.length - 1); i > 0; i--) {
      if (rest[i] === ' ' && rest[i - 1] !== ' ') {
        cut = i;
        break;
      }
    }
    const take = cut > 0 && rest.slice(0, cut).some((c) => c !== ' ') ? cut : room;
    out.push((first ? '' : hang) + rest.slice(0, take).join('').trimEnd());
    rest = rest.slice(take);
    while (rest[0] === ' ') rest = rest.slice(1);
    first = false;
  }
  return out;
}
