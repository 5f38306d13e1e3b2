// The label and field selectors of a list or watch request, as one predicate.
import { parseFieldSelector, parseLabelSelector } from '../../store/selectors.js';
import type { KObject } from '../../store/types.js';
import type { ResourceRequest } from '../request-info.js';

/** Builds the predicate for `labelSelector` and `fieldSelector`; throws 400 when either is malformed. */
export function objectFilter(r: ResourceRequest): (obj: KObject) => boolean {
  const labelText = r.query.get('labelSelector') ?? '';
  const fieldText = r.query.get('fieldSelector') ?? '';
  const byLabel = labelText ? parseLabelSelector(labelText) : undefined;
  const byField = fieldText ? parseFieldSelector(fieldText, r.rt.kind) : undefined;
  if (!byLabel && !byField) return () => true;
  return (obj) => (!byLabel || byLabel(obj.metadata.labels ?? {})) && (!byField || byField(obj));
}
