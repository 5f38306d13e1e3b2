// OpenAPI v3, one document per group version: per kind, the operations
// helm and kubectl look for (a patch that accepts `fieldValidation`, so they
// leave schema validation to the server) and the component schemas of the
// kinds, generated from their Go structs, which `kubectl explain` reads.
import { createHash } from 'node:crypto';
import { groups, resourceTypes } from './resources.js';
import { componentSchemas, definitionName } from './schema/openapi-schemas.js';
import { structKey } from './schema/types.js';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const docs = new Map<string, string>();

function gvDocument(group: string, version: string): string {
  const key = gvPath(group, version);
  let doc = docs.get(key);
  if (doc) return doc;
  const paths: Record<string, unknown> = {};
  const kinds = new Map<string, { group: string; version: string; kind: string }>();
  for (const r of resourceTypes.filter((x) => x.group === group && x.version === version)) {
    const k = structKey(r.group ? `${r.group}/${r.version}` : r.version, r.kind);
    if (k) kinds.set(k, { group: r.group, version: r.version, kind: r.kind });
    if (r.verbs) {
      // Reviews are create-only: a POST on the collection.
      const body = k ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${definitionName(k)}` } } } } : undefined;
      paths[`/${key}/${r.resource}`] = {
        post: {
          tags: [key],
          operationId: `create${r.kind}`,
          'x-kubernetes-action': 'post',
          'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
          ...(body ? { requestBody: body } : {}),
          responses: { '201': { description: 'Created' } },
        },
      };
      continue;
    }
    const base = `/${key}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const op = (action: string) => ({
      tags: [key],
      operationId: `${action}${r.kind}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      parameters: [
        { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
        { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
        { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
      ],
      responses: { '200': { description: 'OK' } },
    });
    paths[base] = { get: { ...op('get'), parameters: [] }, put: op('put'), patch: op('patch') };
  }
  doc = JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.35.0-kubesim' },
    paths,
    components: { schemas: componentSchemas(kinds) },
  });
  docs.set(key, doc);
  return doc;
}

function hashOf(s: string): string {
  return createHash('sha512').update(s).digest('hex').slice(0, 128).toUpperCase();
}

/** GET /openapi/v3: the index of group-version documents. */
export function openapiRoot(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of groups()) {
    for (const v of g.versions) {
      const key = gvPath(g.group, v);
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(gvDocument(g.group, v))}` };
    }
  }
  return { paths };
}

/** GET /openapi/v3/api/v1, /openapi/v3/apis/G/V; undefined when not served. */
export function openapiDocument(path: string): string | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) return gvDocument('', parts[1]!);
  if (parts[0] === 'apis' && parts.length === 3) {
    if (!groups().some((g) => g.group === parts[1] && g.versions.includes(parts[2]!))) return undefined;
    return gvDocument(parts[1]!, parts[2]!);
  }
  return undefined;
}
