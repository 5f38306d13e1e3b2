// The runbook the demo writes for its sample application: what an SRE would
// keep next to the shop's chart — the same steps as the examples/ runbooks
// (gates, a manual step, the diff, a real database backup taken with
// kubectl exec, verify with the migration's log line and the front end's
// /health through the API server's proxy, rollback notes), aimed at
// kubesim's Kafka exporter for consumer lag.
import { join } from 'node:path';
import { TARGET_VERSION, type Scenario } from './scenarios.js';

/** What the runbook needs to know about the demo's cluster. */
export interface DemoRunbookOptions {
  scenario: Scenario;
  release: string;
  namespace: string;
  /** The chart directory of the target version. */
  chart: string;
  /** kubesim's kafka_exporter-format page. */
  metricsUrl: string;
  /** kubesim's speed: the lag window is simulated time, so it shrinks with it. */
  speed: number;
  /** The kubectl the backup runs, and the demo cluster's kubeconfig it is pointed at. */
  kubectl: string;
  kubeconfig: string;
  /** The window's folder: backups are saved under it. */
  dir: string;
}

/** The runbook as YAML text. */
export function demoRunbook(o: DemoRunbookOptions): string {
  // Ten simulated seconds of lag readings: short for a real window, long enough to see a trend in a rehearsal.
  const lagWindow = Math.max(2, Math.round(10 / o.speed));
  // One simulated minute of observation after helm returns: a crash after readiness shows within it.
  const observe = Math.max(5, Math.round(60 / o.speed));
  const set = o.scenario.set.map((s) => `  ${s.key}: ${JSON.stringify(s.value)}${s.comment ? `   # ${s.comment}` : ''}`);
  return `# ${o.release} — upgrade runbook (helmdeck demo, scenario "${o.scenario.name}")
#
${o.scenario.story.map((l) => `# ${l}`).join('\n')}
# What goes wrong: ${o.scenario.wrong}.
# Rehearse: ${o.scenario.rehearse}.
#
# The demo runs the equivalent of (the kubeconfig lives in this folder while the demo runs):
#   helmdeck upgrade --runbook runbook.yaml --kubeconfig kubeconfig
release: ${o.release}
namespace: ${o.namespace}
chart: ${JSON.stringify(o.chart)}   # the shop chart ${TARGET_VERSION}, as CI published it
set:
${set.join('\n')}

preflight:
  - manual: Read the shop ${TARGET_VERSION} release notes — its schema migration is forward-only, so the backup below is the way back
    id: release-notes
    link: https://runbooks.example.invalid/shop/release-notes
  - check: release-settled           # helm list / helm history: deployed, nothing pending
  - check: pods-healthy              # kubectl get pods -n ${o.namespace}
  - check: hpa-valid                 # kubectl get hpa: metrics known, not pinned at max
  - check: pdb                       # every component's PDB leaves room for a rolling update
  - check: consumer-lag              # the order consumers are caught up before the window
    id: consumer-lag
    source: { exporter: ${o.metricsUrl} }
    groups: [orders]
    max: 100
    samples: 3
    window: ${lagWindow}s                      # 10 s of simulated time at --speed ${o.speed}
  - check: diff                      # helm diff upgrade, without the plugin
  - check: images-exist              # every image of 1.1.0 is in the registry (kubesim's, through the demo's config)
    id: images-exist
  - run: Back up the shop database   # kubectl exec sts/shop-db -- pg_dump > backup.sql
    id: backup
    command: [${JSON.stringify(o.kubectl)}, --kubeconfig, ${JSON.stringify(o.kubeconfig)}, exec, -n, ${o.namespace}, sts/${o.release}-db, -c, postgres, --, pg_dump, -U, shop, -d, shop]
    save: ${JSON.stringify(join(o.dir, 'backups', `${o.release}-{window}.sql`))}
    timeout: 2m

upgrade:
  flags: [--rollback-on-failure, --timeout, 5m]
  observe: ${observe}s                       # verify watches the new revision this long (one simulated minute at --speed ${o.speed})

verify:
  - check: rollout-complete
    timeout: 3m
  - check: pods-healthy
  - http: http://${o.release}-web.${o.namespace}.svc/health   # through the API server's service proxy
    json: { status: ok }
  - logs:
      selector: app.kubernetes.io/name=migrate
      match: 'applied \\d+ migrations'
      within: 1m

rollback:
  migrations: forward-only
  notes:
    - The pre-upgrade migration Job (shop-migrate) changes the schema; a rollback does not revert it. Restore from the backup only if the old version cannot run on the migrated schema.
    - The database's PersistentVolumeClaims (data-shop-db-0, data-shop-db-1) are kept across rollbacks.
`;
}
