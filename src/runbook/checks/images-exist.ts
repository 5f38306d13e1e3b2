// images-exist: every image of the target manifest exists in its registry
// before the upgrade starts — the cheapest way to avoid an ImagePullBackOff
// in the middle of the window. A registry that cannot be asked makes the
// step 'skip' with the reason: never a pass that nobody verified. A registry
// that refuses (unauthorized) fails it in the registry's words: the runtime
// would be refused the same way unless the cluster holds a credential the
// operator does not.
import { imagesOf, parseManifest, type ImageRef as ManifestImage } from '../../helm/manifest.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { dockerCredential, type RegistryCredential } from './docker-credentials.js';
import { imageExists, parseImageRef, type ImageVerdict, type LookupOptions } from './registry.js';
import { errorText } from './util.js';

/** Parallel registry requests. */
const CONCURRENCY = 4;

/** Checks each distinct image of ctx.rendered() against its registry. */
export async function run(step: StepOf<'images-exist'>, ctx: CheckContext): Promise<CheckOutcome> {
  if (!ctx.rendered) return { status: 'skip', summary: 'no rendered target manifest to read the images from', evidence: [] };
  let images: ManifestImage[];
  try {
    images = imagesOf(parseManifest(await ctx.rendered()));
  } catch (e) {
    return { status: 'fail', summary: `the target manifest could not be rendered or read: ${errorText(e)}`, evidence: [] };
  }
  const users = new Map<string, string[]>();
  for (const i of images) users.set(i.image, [...(users.get(i.image) ?? []), `${i.kind}/${i.name} ${i.init ? 'init container' : 'container'} ${i.container}`]);
  const distinct = [...users.keys()];
  const verdicts = new Map<string, ImageVerdict>();
  // One credential lookup per host and run: a helper may prompt or be slow.
  const creds = new Map<string, Promise<RegistryCredential | undefined>>();
  const lookup: LookupOptions = {
    insecure: step.insecureRegistries ?? [],
    hosts: ctx.registries ?? {},
    credential: (host) => (creds.has(host) ? creds : creds.set(host, dockerCredential(host))).get(host)!,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  let next = 0;
  const worker = async () => {
    while (next < distinct.length) {
      const image = distinct[next++]!;
      verdicts.set(image, await check(image, lookup));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, distinct.length) }, worker));
  return judgeImages(distinct.map((image) => ({ image, users: users.get(image)!, verdict: verdicts.get(image)! })));
}

/** The verdict over each image's lookup; pure, for the unit tables. */
export function judgeImages(rows: readonly { image: string; users: string[]; verdict: ImageVerdict }[]): CheckOutcome {
  if (rows.length === 0) return { status: 'pass', summary: 'the target manifest uses no container image', evidence: [] };
  const missing = rows.filter((r) => r.verdict.state === 'missing');
  const refused = rows.filter((r) => r.verdict.state === 'unauthorized');
  const unknown = rows.filter((r) => r.verdict.state === 'unknown');
  const evidence = [...missing, ...refused, ...unknown, ...rows.filter((r) => r.verdict.state === 'exists')].map(
    (r) => `${r.image}: ${label(r.verdict)} — ${r.verdict.detail} (used by ${r.users.join(', ')})`,
  );
  const failures = [
    ...(missing.length ? [`image not found: ${missing.map((r) => r.image).join(', ')}`] : []),
    ...(refused.length ? [`registry refused (unauthorized): ${refused.map((r) => r.image).join(', ')}`] : []),
  ];
  if (failures.length > 0) return { status: 'fail', summary: failures.join('; '), evidence };
  if (unknown.length > 0) {
    const first = unknown[0]!.verdict.detail;
    return { status: 'skip', summary: `${unknown.length} of ${rows.length} image(s) could not be verified: ${first}`, evidence };
  }
  return { status: 'pass', summary: `all ${rows.length} image(s) exist`, evidence };
}

/** How a verdict reads in the evidence. */
function label(v: ImageVerdict): string {
  if (v.state === 'unknown') return v.detail.startsWith('registry unreachable') ? 'unreachable' : 'unknown';
  return { exists: 'exists', missing: 'NOT FOUND', unauthorized: 'unauthorized' }[v.state];
}

async function check(image: string, lookup: LookupOptions): Promise<ImageVerdict> {
  try {
    return await imageExists(parseImageRef(image), lookup);
  } catch (e) {
    return { state: 'unknown', detail: errorText(e) };
  }
}
