// Reads helm's stderr after a failed command and says, in one line, what went
// wrong and what to do next. Helm's own messages are accurate but written for
// the people who wrote helm; at 2 a.m. the operator needs the next step.

/** The failures helmdeck recognises. */
export type HelmErrorKind = 'another-operation' | 'rollback-failed' | 'missing-api' | 'timeout' | 'hook-failed' | 'not-found' | 'conflict' | 'unknown';

/** What went wrong and what to do. */
export interface HelmErrorExplanation {
  kind: HelmErrorKind;
  /** One line: what happened, in the operator's words. */
  explanation: string;
  /** One line: the next step. */
  guidance: string;
  /** True when helm's --rollback-on-failure (--atomic) restored the previous revision. */
  rolledBack: boolean;
  /** helm's own `Error:` line, for the record. */
  detail: string;
}

/** What helmdeck knows about the release, to name it and its revision in the guidance. */
export interface ClassifyContext {
  release?: string;
  namespace?: string;
  /** The newest revision whose status is deployed (or superseded before a failure): where a rollback should go. */
  lastGoodRevision?: number;
}

interface Rule {
  kind: Exclude<HelmErrorKind, 'unknown'>;
  test: RegExp;
  explain: (ctx: Required<Pick<ClassifyContext, 'release'>> & ClassifyContext, stderr: string) => [string, string];
}

// The order matters: a failed automatic rollback outranks the error that
// triggered it, and an in-progress lock outranks everything it blocks.
const RULES: Rule[] = [
  {
    kind: 'rollback-failed',
    test: /an error occurred while rolling back the release|rollback (?:also )?failed/i,
    explain: (c) => [
      `the upgrade failed and helm's automatic rollback failed too: ${c.release} may be half-upgraded`,
      `check the Rollout pane, then helm rollback ${c.release} ${rev(c)} by hand once the cause is fixed; helmdeck never deletes release Secrets`,
    ],
  },
  {
    kind: 'another-operation',
    test: /another operation \(install\/upgrade\/rollback\) is in progress/i,
    explain: (c) => [
      `${c.release} is locked in a pending-* state: another helm is running, or one was killed before it could record its result`,
      `if no helm is running anywhere for ${c.release}, run helm rollback ${c.release} ${rev(c)} to the last deployed revision; helmdeck never deletes release Secrets`,
    ],
  },
  {
    // A manifest naming a kind the cluster no longer serves: a CRD deleted
    // since, or an apiVersion the cluster retired. Helm records the attempt
    // (pending-rollback/-upgrade) before it fails to build the objects.
    kind: 'missing-api',
    test: /resource mapping not found|no matches for kind|ensure CRDs are installed first/i,
    explain: (c, stderr) => {
      const kind = /no matches for kind "([^"]+)" in version "([^"]+)"/.exec(stderr);
      const api = kind ? `kind ${kind[1]} in ${kind[2]}` : 'a kind in its manifest';
      if (/from current release manifest/i.test(stderr)) {
        return [
          `the revision ${c.release} runs now uses an API this cluster no longer serves (${api}): helm cannot work out what to change, so every upgrade and rollback fails`,
          `install that CRD or API again so helm can read the current revision, then retry; helmdeck never deletes release Secrets`,
        ];
      }
      return [
        `the target revision of ${c.release} uses an API this cluster does not serve (${api}): a CRD removed since, or an apiVersion the cluster retired`,
        `install that CRD or API first, or choose a revision that does not use it; helm may have recorded this attempt as pending — run helmdeck preflight (release-settled) before the next try`,
      ];
    },
  },
  {
    kind: 'conflict',
    test: /conflict occurred while applying|Apply failed with \d+ conflicts?/i,
    explain: () => [
      'server-side apply conflict: another field manager (kubectl edit/scale, an operator, an HPA) owns a field the chart sets',
      'read the conflicting fields in the output; hand them back to the chart (--force-conflicts) or stop the chart from setting them',
    ],
  },
  {
    kind: 'timeout',
    test: /context deadline exceeded|timed out waiting for the condition|timeout waiting for/i,
    explain: (c) => [
      `${c.release} did not become ready within --timeout`,
      'look at the Rollout pane for the pods that block it (ImagePullBackOff, CrashLoopBackOff, Unschedulable) before retrying with a longer --timeout',
    ],
  },
  {
    kind: 'hook-failed',
    test: /(?:pre|post)-(?:install|upgrade|rollback|delete) hooks? failed|job failed: BackoffLimitExceeded/i,
    explain: () => [
      'a chart hook (often the database migration Job) failed, so the upgrade stopped',
      'read the hook Job\'s logs; migrations may have run partly and do not revert on rollback',
    ],
  },
  {
    kind: 'not-found',
    test: /release: not found|has no deployed releases|release has no \d+ version|chart .*not found|failed to download|no such file or directory|path .* not found/i,
    explain: (c, stderr) => {
      // A file helm was handed (a -f values file, a chart path) names itself: say which.
      const file = /open ([^:\n]+): no such file or directory/.exec(stderr)?.[1];
      if (file) return [`helm could not open ${file}: no such file (a -f values file or the chart path)`, 'check the path (relative paths are read from the directory helmdeck was started in)'];
      return [
        `something helm was told to use does not exist: the release ${c.release}, a revision, or the chart`,
        'check the release name, namespace and kube context in the status bar, the revision in the History pane, and the chart path or version',
      ];
    },
  },
];

/** Classifies helm's stderr into a kind, a one-line explanation and guidance. */
export function classifyHelmError(stderr: string, ctx: ClassifyContext = {}): HelmErrorExplanation {
  const detail = errorLine(stderr);
  const rolledBack = /has been rolled back due to (?:rollback-on-failure|atomic) being set/i.test(stderr);
  const c = { ...ctx, release: ctx.release ?? 'RELEASE' };
  const rule = RULES.find((r) => r.test.test(stderr));
  if (!rule) {
    return { kind: 'unknown', explanation: detail || 'helm failed without an error message', guidance: 'read helm\'s output above; nothing was recognised', rolledBack, detail };
  }
  const [first, guidance] = rule.explain(c, stderr);
  let explanation = first;
  if (rule.kind === 'timeout' && /hooks? failed/i.test(stderr)) {
    explanation = `a chart hook (often the migration Job) did not finish within --timeout, so ${c.release} was not upgraded`;
  }
  if (rolledBack) {
    explanation += `; helm rolled ${c.release} back to its previous revision (--rollback-on-failure)`;
  }
  return { kind: rule.kind, explanation, guidance, rolledBack, detail };
}

function rev(c: ClassifyContext): string {
  return c.lastGoodRevision !== undefined ? String(c.lastGoodRevision) : 'N';
}

// helm ends with "Error: <message>"; its slog lines come before it.
function errorLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/);
  const i = lines.findIndex((l) => l.startsWith('Error: '));
  if (i >= 0) return lines[i]!.slice('Error: '.length).trim();
  return lines.map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
}
