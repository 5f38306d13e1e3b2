import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePromText } from '../../../src/lag/prom-text.js';

const page = readFileSync(resolve(import.meta.dirname, '../../fixtures/lag/kafka-exporter.metrics'), 'utf8');

describe('parsePromText', () => {
  const parsed = parsePromText(page);

  it('reads HELP and TYPE lines', () => {
    expect(parsed.types.kafka_consumergroup_lag).toBe('gauge');
    expect(parsed.types.go_gc_duration_seconds).toBe('summary');
    expect(parsed.help.kafka_consumergroup_members).toBe('Amount of members in a consumer group');
  });

  it('reads every sample line with labels and values, NaN and +Inf included', () => {
    expect(parsed.samples).toHaveLength(24);
    expect(parsed.samples[0]).toEqual({ name: 'go_gc_duration_seconds', labels: { quantile: '0' }, value: 2.4801e-5 });
    expect(parsed.samples[1]!.value).toBeNaN();
    const inf = parsed.samples.find((s) => s.labels.le === '+Inf');
    expect(inf).toEqual({ name: 'kafka_exporter_scrape_duration_seconds_bucket', labels: { le: '+Inf' }, value: 14 });
    expect(parsed.samples.find((s) => s.name === 'kafka_brokers')).toEqual({ name: 'kafka_brokers', labels: {}, value: 3 });
  });

  it('unescapes quotes and backslashes in label values and accepts a trailing comma', () => {
    const audit = parsed.samples.find((s) => s.name === 'kafka_consumergroup_lag' && s.labels.consumergroup?.startsWith('audit'));
    expect(audit?.labels).toEqual({ consumergroup: 'audit "legacy" sink', partition: '0', topic: 'audit\\log' });
    const notifier = parsed.samples.find((s) => s.name === 'kafka_consumergroup_lag' && s.labels.consumergroup === 'notifier');
    expect(notifier?.labels).toEqual({ consumergroup: 'notifier', partition: '0', topic: 'events' });
  });

  it('reads values Go writes: -1, infinities in any case, exponents, and a timestamp', () => {
    const t = parsePromText('a -1\nb -Inf\nc +inf\nd 1.5E3 1700000000000\ne{x="line\\nbreak"} .5\n');
    expect(t.samples.map((s) => s.value)).toEqual([-1, -Infinity, Infinity, 1500, 0.5]);
    expect(t.samples[3]!.timestamp).toBe(1700000000000);
    expect(t.samples[4]!.labels.x).toBe('line\nbreak');
  });

  const bad: [string, RegExp][] = [
    ['ok 1\nlag{group="x"}\n', /^metrics line 2: no value/],
    ['lag{group="x} 1\n', /metrics line 1: label group value is not closed/],
    ['lag{group=x} 1\n', /metrics line 1: label group has no quoted value/],
    ['lag 12abc\n', /metrics line 1: bad value 12abc/],
    ['lag 1 2 3\n', /metrics line 1: unexpected text after the timestamp/],
    ['lag 1 soon\n', /metrics line 1: bad timestamp soon/],
    ['{a="b"} 1\n', /metrics line 1: no metric name/],
  ];
  for (const [text, msg] of bad) {
    it(`refuses ${JSON.stringify(text.trim())} naming the line`, () => {
      expect(() => parsePromText(text)).toThrow(msg);
    });
  }
});
