// The live model alone following every pod of a selector's logs into one
// bounded view — the cockpit's path for a runbook's log assertion — run as
// its own process by S5 (bench/logs.ts) so its memory is its own:
//   node bench/log-model.ts KUBECONFIG NAMESPACE SELECTOR SECONDS
// Prints one JSON line a second: { t, rss, received } (received = lines in
// the view plus the older lines it dropped to stay bounded).
import { connect } from '../dist/kube/index.js';
import { startLiveModel } from '../dist/model/live-model.js';
import { createDeckStore } from '../dist/store/index.js';

const [kubeconfig, namespace, selector, secs] = process.argv.slice(2);
const conn = connect({ kubeconfig: kubeconfig!, namespace: namespace! });
const store = createDeckStore();
const model = startLiveModel({ conn, store });
await model.waitForSync(60_000);
const viewId = 'bench/logs';
const stop = model.followLogs(viewId, { selector: selector! });
const received = () => {
  const v = store.getState().logs.views.get(viewId);
  return v ? v.lines.length + v.dropped : 0;
};
const t0 = performance.now();
const report = () => process.stdout.write(JSON.stringify({ t: (performance.now() - t0) / 1000, rss: process.memoryUsage().rss / 2 ** 20, received: received() }) + '\n');
report();
const timer = setInterval(report, 1000);
await new Promise((r) => setTimeout(r, Number(secs) * 1000));
clearInterval(timer);
report();
await stop();
await model.stop();
process.exit(0);
