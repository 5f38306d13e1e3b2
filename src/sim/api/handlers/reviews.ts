// The self reviews behind `kubectl auth can-i` and `kubectl auth whoami`.
// kubesim has one identity, the operator's service account, allowed
// everything except what the fault injector forbids, so can-i answers
// exactly as the requests themselves would.
import { errors } from '../errors.js';
import type { Faults } from '../../faults.js';
import type { KObject } from '../../store/types.js';

const SERVICE_ACCOUNT = { namespace: 'kubesim', name: 'operator' };

/** The identity behind kubesim's bearer token, as the service-account authenticator names it. */
export const operatorUser = {
  username: `system:serviceaccount:${SERVICE_ACCOUNT.namespace}:${SERVICE_ACCOUNT.name}`,
  groups: ['system:serviceaccounts', `system:serviceaccounts:${SERVICE_ACCOUNT.namespace}`, 'system:authenticated'],
};

const ALLOWED_BY = `RBAC: allowed by ClusterRoleBinding "kubesim-operator" of ClusterRole "cluster-admin" to ServiceAccount "${SERVICE_ACCOUNT.name}/${SERVICE_ACCOUNT.namespace}"`;

/** POST selfsubjectaccessreviews: allowed unless a forbid fault covers the resource. */
export function selfSubjectAccessReview(body: KObject, faults: Faults): KObject {
  const spec = body.spec ?? {};
  const res = spec.resourceAttributes;
  const nonRes = spec.nonResourceAttributes;
  if (!res === !nonRes) {
    throw errors.invalid('SelfSubjectAccessReview.authorization.k8s.io', '', [
      { field: 'spec.resourceAttributes', message: `Invalid value: ${res ? 'object' : '"null"'}: exactly one of nonResourceAttributes or resourceAttributes must be specified` },
    ]);
  }
  // A wildcard resource is denied when any resource is forbidden, as one RBAC rule cannot grant "*" then.
  const forbidden = res
    ? res.resource === '*'
      ? faults.forbidden.size > 0
      : faults.isForbidden(res.group ?? '', res.resource ?? '')
    : false;
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { ...(body.metadata?.name ? { name: body.metadata.name } : {}) },
    spec,
    status: forbidden ? { allowed: false } : { allowed: true, reason: ALLOWED_BY },
  };
}

/** POST selfsubjectreviews: who the caller is. */
export function selfSubjectReview(body: KObject): KObject {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { ...(body.metadata?.name ? { name: body.metadata.name } : {}) },
    status: { userInfo: { username: operatorUser.username, groups: [...operatorUser.groups] } },
  };
}

/** Answers a POST to a review resource; undefined for any other resource. */
export function answerReview(kind: string, body: KObject, faults: Faults): KObject | undefined {
  if (kind === 'SelfSubjectAccessReview') return selfSubjectAccessReview(body, faults);
  if (kind === 'SelfSubjectReview') return selfSubjectReview(body);
  return undefined;
}
