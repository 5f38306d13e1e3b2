// Why a command written as one string is refused, and what to write instead.
// helmdeck runs programs with execa and no shell: a string would have to be
// split by rules the operator cannot see (quotes? globs? pipes?), and a
// backup that silently wrote nowhere is found out only when it is needed.

/** Characters that only mean something to a shell. */
const SHELL = /[|&;<>()$`\\"'*?~{}[\]#]/;

/** The message for `KEY: "a string"` where a list of arguments belongs, with the list to write when it is plain. */
export function argvHint(key: string, text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const base = `expected a list of arguments (argv), not a string: helmdeck runs the program directly, without a shell`;
  if (words.length === 0) return `${base}; write ${key}: [program, arg, ...]`;
  if (SHELL.test(text)) {
    const redirect = /(^|[^2])>/.test(text) ? '; to keep the output in a file use save: PATH instead of >' : '';
    return `${base}, so quotes, pipes, redirections and $(...) are not interpreted; write each argument as a list item, e.g. ${key}: [${words.slice(0, 3).join(', ')}, ...]${redirect}`;
  }
  return `${base}; write ${key}: [${words.join(', ')}]`;
}
