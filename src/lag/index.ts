// The lag/ folder's public surface: sources behind one interface, and the caught-up rule.
export type { HttpSourceOptions, LagSample, LagSource, LagSourceKind } from './types.js';
export { createPrometheusSource, PROMETHEUS_QUERIES, type PrometheusFlavor, type PrometheusSourceOptions } from './prometheus.js';
export { createExporterSource, samplesFromExporterMetrics } from './exporter.js';
export { createBurrowSource } from './burrow.js';
export { parsePromText, type PromSample, type PromText } from './prom-text.js';
export { getJson, getText, HttpStatusError } from './http-get.js';
export { caughtUp, type CaughtUpOptions, type CaughtUpResult, type CaughtUpStatus, type GroupVerdict } from './caught-up.js';
export { createLagSource, LAG_SOURCE_KINDS, parseLagSource } from './parse-source.js';
