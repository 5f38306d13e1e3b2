// Secrets' values never reach the screen (DESIGN: reliability rules). A
// revision's manifest holds rendered Secrets with their data, and user values
// often hold passwords; both are shown with the values replaced, keys kept,
// so the operator still sees what is set without anyone reading it over
// their shoulder or in a screen recording.

import { isCredentialKey, maskValueText } from '../../helm/actions/credential.js';

/** Shown instead of a hidden value. */
export const HIDDEN = '‹hidden›';


/** A copy of user values with every credential-looking key's value (scalar or tree) replaced by HIDDEN. */
export function maskValues(values: unknown): unknown {
  if (Array.isArray(values)) return values.map(maskValues);
  if (typeof values === 'string') return maskValueText(values);
  if (values === null || typeof values !== 'object') return values;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, isCredentialKey(k) && v !== null && v !== '' ? HIDDEN : maskValues(v)]));
}

/** The manifest with the values under `data:` / `stringData:` of every Secret document replaced by HIDDEN. */
export function maskManifest(manifest: string): string {
  const docs = manifest.split(/^(?=---)/m);
  return docs.map((doc) => (/^kind:\s*["']?Secret["']?\s*$/m.test(doc) ? maskSecretDoc(doc) : doc)).join('');
}

// Line by line: inside a top-level data/stringData block, keep each key and
// hide its value, including multi-line block scalars under it.
function maskSecretDoc(doc: string): string {
  const out: string[] = [];
  let inData = false;
  let valueIndent = -1;
  for (const line of doc.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '';
    if (/^(data|stringData):/.test(line)) {
      inData = true;
      valueIndent = -1;
      const inline = line.replace(/^(data|stringData):\s*/, '');
      out.push(inline && inline !== '{}' ? line.replace(/:.*/, `: ${HIDDEN}`) : line);
      continue;
    }
    if (inData && !blank && indent === 0) inData = false;
    if (!inData || blank) {
      out.push(line);
      continue;
    }
    if (valueIndent >= 0 && indent > valueIndent) continue; // body of a hidden block scalar
    const m = /^(\s*)([^:#]+):\s*(.*)$/.exec(line);
    if (m) {
      valueIndent = indent;
      out.push(`${m[1]}${m[2]}: ${HIDDEN}`);
    } else out.push(line.replace(/\S.*/, HIDDEN));
  }
  return out.join('\n');
}
