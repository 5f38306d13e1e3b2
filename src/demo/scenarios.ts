// The demo's rehearsal scenarios: each one names what goes wrong during the
// window and what the operator should practise, the target the runbook
// upgrades to (the way the failure is staged, in kubesim's own conventions,
// stays visible in the runbook's `set`), and how the cluster is prepared
// before the cockpit opens. `--list`, the usage error and the README table
// are all made from this one table.

/** What a scenario may do to the cluster before the window opens. */
export interface StageActions {
  /** Scales a Deployment, as `kubectl scale` would. */
  scale(name: string, replicas: number): Promise<void>;
  /** Starts `helm upgrade` to the target with these extra --set pairs and SIGKILLs it once it is part-way (pending, its migration running). */
  killedUpgrade(set: Record<string, string>): Promise<void>;
}

/** One scenario. */
export interface Scenario {
  name: string;
  /** What goes wrong, one line. */
  wrong: string;
  /** What to rehearse, one line. */
  rehearse: string;
  /** The runbook's `set` for the upgrade; each value may carry a comment explaining the staging. */
  set: { key: string; value: string; comment?: string }[];
  /** Comment lines at the top of the runbook: the situation the operator finds. */
  story: string[];
  /** After the install, before the window. */
  prepare?(stage: StageActions): Promise<void>;
}

/** The chart version and app version the window upgrades to. */
export const TARGET_VERSION = '1.1.0';

const tag = { key: 'image.tag', value: TARGET_VERSION };

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'happy',
    wrong: 'nothing: every gate passes, the upgrade to shop 1.1.0 succeeds and verify passes',
    rehearse: 'the whole window: acknowledge the manual step (7, then space), read the diff, U then y, follow the rollout and verify; R rolls back afterwards',
    set: [tag],
    story: ['A routine minor upgrade: shop 1.0.0 → 1.1.0, one schema migration.'],
  },
  {
    name: 'bad-image',
    wrong: 'the web image of 1.1.0 was never pushed: images-exist fails (NOT FOUND in the registry); upgraded anyway, the new web pods sit in ImagePullBackOff while helm waits',
    rehearse: 'read the images-exist evidence (the registry\'s 404 for the web image); fix the tag, or override the gate (o) with a typed reason, then U then y, spot ImagePullBackOff in Pods and Rollout, answer the fail-fast prompt with y: helm is interrupted and rolls back (--rollback-on-failure), then verify',
    set: [tag, { key: 'web.tag', value: `missing-${TARGET_VERSION}`, comment: 'staged: this tag was never pushed (kubesim\'s registry holds every tag except those starting with "missing")' }],
    story: ['The release pipeline failed to push the web image for 1.1.0; nobody noticed before the window.'],
  },
  {
    name: 'crashloop',
    wrong: '1.1.0 crashes at start after its pre-upgrade migration ran: CrashLoopBackOff, and the schema is already migrated',
    rehearse: 'U then y, watch the migration Job succeed and the new web pods crash loop, read the forward-only migration warning in the rollback prompt before answering y',
    set: [
      tag,
      { key: 'web.env.KUBESIM_EXIT', value: '1', comment: 'staged: the new web pods exit with status 1...' },
      { key: 'web.env.KUBESIM_EXIT_AFTER', value: '500ms', comment: '...half a second after they start' },
    ],
    story: ['1.1.0 has a startup bug: it exits when it reads the migrated schema. Its migration is forward-only.'],
  },
  {
    name: 'lag',
    wrong: 'the order consumer (shop-worker) was scaled to 0 before the window: Kafka lag grows, the consumer-lag gate fails (and pdb: 0 replicas)',
    rehearse: 'read the lag gate\'s evidence, see U refused with the gate named; scale the consumer back (kubectl scale deploy/shop-worker -n shop --replicas 2), retry (r) once the lag drained — or override (o) with a reason',
    set: [tag],
    story: ['Earlier tonight someone scaled the order consumer (shop-worker) to 0 during an incident and never scaled it back.'],
    prepare: (stage) => stage.scale('shop-worker', 0),
  },
  {
    name: 'stuck',
    wrong: 'an earlier helm upgrade was killed (SIGKILL) mid-way: release shop is stuck in pending-upgrade',
    rehearse: 'read release-settled\'s explanation and guided recovery; run the recovery it prints from another shell (helm rollback shop 1 -n shop), retry the checks (r), then U',
    set: [tag],
    story: ['Earlier tonight a CI job started this upgrade; its runner was killed while the migration ran, so helm never recorded the outcome.'],
    // The migration runs long enough for the kill to land while helm waits for it.
    prepare: (stage) => stage.killedUpgrade({ 'migration.duration': '5s' }),
  },
];

/** The scenario used when none is named. */
export const DEFAULT_SCENARIO = 'happy';

/** The scenario of that name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/** The known names, for the usage error. */
export function scenarioNames(): string {
  return SCENARIOS.map((s) => s.name).join(', ');
}

/** `helmdeck demo --list`: a line per scenario on what goes wrong, and one on what to rehearse. */
export function scenarioList(): string {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length)) + 2;
  const lines = [`Scenarios (helmdeck demo --scenario NAME; default ${DEFAULT_SCENARIO}):`];
  for (const s of SCENARIOS) {
    lines.push(`  ${s.name.padEnd(width)}${s.wrong}`);
    lines.push(`  ${' '.repeat(width)}rehearse: ${s.rehearse}`);
  }
  return lines.join('\n');
}

/** The README's scenario table, made from the same table as --list. */
export function scenarioMarkdownTable(): string {
  const cell = (t: string): string => t.replace(/\|/g, '\\|');
  return [
    '| Scenario | What goes wrong | What to rehearse |',
    '| --- | --- | --- |',
    ...SCENARIOS.map((s) => `| \`${s.name}\` | ${cell(s.wrong)} | ${cell(s.rehearse)} |`),
  ].join('\n');
}
