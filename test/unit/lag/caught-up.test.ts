import { describe, expect, it } from 'vitest';
import { caughtUp, type CaughtUpOptions, type CaughtUpStatus } from '../../../src/lag/caught-up.js';
import type { LagSample } from '../../../src/lag/types.js';

const T0 = 1_795_300_000_000;
const STEP = 10_000;
const base: CaughtUpOptions = { maxLag: 100, samples: 3, windowMs: 60_000 };

// One sampling round of group g at step i: lags per partition (null =
// unknown); members null = the source does not report them.
function round(i: number, lags: (number | null)[], members: number | null = 2, group = 'g', extra: Partial<LagSample> = {}): LagSample[] {
  return lags.map((lag, partition) => ({ group, topic: 'events', partition, lag, at: T0 + i * STEP, ...(members === null ? {} : { members }), ...extra }));
}
// Rounds 0..n-1 of one partition with these lags.
const series = (lags: (number | null)[], members: number | null = 2) => lags.map((l, i) => round(i, [l], members));

const table: [string, LagSample[][], Partial<CaughtUpOptions>, CaughtUpStatus, RegExp][] = [
  ['within budget 3 times, falling', [round(0, [5, 3]), round(1, [4, 2]), round(2, [2, 1])], {}, 'caught-up', /g: lag ≤ 100 on 2 partition\(s\) for 3 consecutive samples, not rising/],
  ['within budget only the last 2 of 3', series([500, 20, 10]), {}, 'behind', /g: within budget for 2 of 3 consecutive samples$/],
  ['not enough samples yet', series([10, 10]), {}, 'unknown', /within budget for 2 of 3 consecutive samples so far/],
  ['kafka_exporter -1 (unknown) in the latest sample', [round(0, [0, 0]), round(1, [0, 0]), round(2, [0, null])], {}, 'unknown', /g: lag unknown on events\/1/],
  ['unknown lag earlier breaks the streak', series([0, null, 0, 0]), {}, 'unknown', /2 of 3 consecutive samples \(an earlier sample had unknown lag\)/],
  ['rising though within budget', series([0, 20, 40]), {}, 'behind', /g: lag rising over the window \(0 → 40\)/],
  ['rising within the tolerance', series([0, 20, 40]), { risingTolerance: 50 }, 'caught-up', /not rising/],
  ['falling from far behind', series([5000, 90, 50, 10]), {}, 'caught-up', /for 3 consecutive samples/],
  ['no members, lag zero', series([0, 0, 0], 0), {}, 'no-members', /g: no members: no consumer is running/],
  ['members not reported', series([0, 0, 0], null), {}, 'unknown', /g: the source does not report its members/],
  ['members not reported, not required', series([0, 0, 0], null), { requireMembers: false }, 'caught-up', /for 3 consecutive samples/],
  ['latest over budget', series([10, 10, 500]), {}, 'behind', /g: lag over 100 on events\/0 \(500\)/],
  ["Burrow says OK while lag grows", [10, 20, 30].map((l, i) => round(i, [l], 1, 'g', { sourceStatus: 'OK' })), {}, 'behind', /lag rising/],
  ['only stale samples', series([0, 0, 0]), { now: T0 + 2 * STEP + 61_000 }, 'unknown', /^no lag sample in the last 60 s$/],
  ['no samples at all', [], {}, 'unknown', /^no lag samples yet$/],
  ['one sample needed', series([3]), { samples: 1 }, 'caught-up', /for 1 consecutive samples/],
  ['a group missing from a round', [round(0, [0]), round(1, [0], 2, 'other'), round(2, [0]), round(3, [0])], { groups: ['g'] }, 'unknown', /an earlier sample had no data for it/],
  // Old samples outside the window do not count for the trend: 0 then 50, 50, 50 inside it.
  ['window excludes old samples', [round(0, [0]), round(7, [50]), round(8, [50]), round(9, [50])], { windowMs: 30_000 }, 'caught-up', /not rising/],
];

describe('caughtUp', () => {
  for (const [name, history, opts, status, reason] of table) {
    it(`${name} → ${status}`, () => {
      const r = caughtUp(history, { ...base, ...opts });
      expect(r.status).toBe(status);
      expect(r.reasons.some((x) => reason.test(x)), r.reasons.join(' | ')).toBe(true);
    });
  }

  it('reports each group with its evidence', () => {
    const r = caughtUp([round(0, [5, 3]), round(1, [4, 2]), round(2, [2, 1])], base);
    expect(r.perGroup.g).toMatchObject({ status: 'caught-up', totalLag: 3, streak: 3, members: 2 });
    const unknown = caughtUp(series([0, 0, null]), base);
    expect(unknown.perGroup.g).toMatchObject({ totalLag: null, streak: 0 });
  });

  it('a named group with no samples is unknown even when the others are caught up', () => {
    const r = caughtUp(series([0, 0, 0]), { ...base, groups: ['g', 'ghost'] });
    expect(r.status).toBe('unknown');
    expect(r.perGroup.g!.status).toBe('caught-up');
    expect(r.perGroup.ghost!.status).toBe('unknown');
    expect(r.reasons).toEqual(['ghost: no lag reported in the latest sample of the window']);
  });

  it('the overall verdict is the worst group: no-members, then behind, then unknown', () => {
    const h = [0, 1, 2].map((i) => [...round(i, [0], 0, 'idle'), ...round(i, [500], 2, 'slow'), ...round(i, [null], 2, 'blind')]);
    const r = caughtUp(h, base);
    expect(r.status).toBe('no-members');
    expect(Object.fromEntries(Object.values(r.perGroup).map((v) => [v.group, v.status]))).toEqual({ idle: 'no-members', slow: 'behind', blind: 'unknown' });
    expect(r.reasons).toEqual(expect.arrayContaining(['idle: no members: no consumer is running', 'slow: lag over 100 on events/0 (500)', 'blind: lag unknown on events/0']));
    const h2 = h.map((row) => row.filter((s) => s.group !== 'idle'));
    expect(caughtUp(h2, base).status).toBe('behind');
  });
});
