// Release and namespace names checked as Kubernetes and Helm check them, at
// the command line: a bad one is a usage error (exit 2), not a "not found"
// from the cluster (exit 1) or, for an empty -n, a silent fall back to the
// default namespace.
import { UsageError } from './usage-error.js';

// RFC 1123 label (Kubernetes namespaces): lower-case alphanumerics and '-', at most 63.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Helm's release name rule (pkg/chartutil ValidateReleaseName): a DNS subdomain of at most 53 characters.
const RELEASE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_RELEASE = 53;

/** Why `name` is not a valid namespace name, or undefined. */
export function namespaceProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (name.length > 63) return `is ${name.length} characters long; at most 63 are allowed`;
  if (!DNS_LABEL.test(name)) return 'must consist of lower-case letters, digits and "-", and start and end with a letter or digit';
  return undefined;
}

/** Why `name` is not a valid Helm release name, or undefined. */
export function releaseProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (name.length > MAX_RELEASE) return `is ${name.length} characters long; Helm allows at most ${MAX_RELEASE}`;
  if (!RELEASE.test(name)) return 'must consist of lower-case letters, digits, "-" and ".", and start and end with a letter or digit';
  return undefined;
}

/** Throws a UsageError when a namespace given on the command line is not valid. */
export function checkNamespace(name: string | undefined, flag = '-n/--namespace'): void {
  const why = name === undefined ? undefined : namespaceProblem(name);
  if (why) throw new UsageError(`${flag} ${JSON.stringify(name)}: not a valid namespace name: ${why}`);
}

/** Throws a UsageError when a release name is not valid. */
export function checkRelease(name: string | undefined, what = 'RELEASE'): void {
  const why = name === undefined ? undefined : releaseProblem(name);
  if (why) throw new UsageError(`${what} ${JSON.stringify(name)}: not a valid release name: ${why}`);
}
