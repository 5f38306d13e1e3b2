// The Kafka simulation's public surface: the controller factory and the
// snapshot types its metrics are rendered from.
export { createKafkaSim, DEFAULT_CAPACITY_FACTOR, DEFAULT_RATE, type KafkaSim } from './kafka-sim.js';
export { renderKafkaMetrics, type GroupSnapshot, type PartitionSnapshot } from './metrics-text.js';
