// resourceVersion ordering for dropping duplicate and out-of-order watch
// events. Kubernetes says RVs are opaque, but every real server (etcd
// revisions) and kubesim use integers, and client-go compares them so too.

/** True when `candidate` should replace `current`: numerically newer, or just different when either is not a number. */
export function isNewerVersion(candidate: string | undefined, current: string | undefined): boolean {
  if (current === undefined || current === '') return true;
  if (candidate === undefined || candidate === '') return true;
  if (/^\d+$/.test(candidate) && /^\d+$/.test(current)) {
    // BigInt: etcd revisions fit in int64, not always in a double.
    return BigInt(candidate) > BigInt(current);
  }
  return candidate !== current;
}
