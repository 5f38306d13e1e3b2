// Minimal structural shapes of the Kubernetes objects status/ reads. Every
// field is optional so that raw API JSON (timestamps as strings) and
// @kubernetes/client-node's typed objects (timestamps as Date) both fit
// without casts, and trimmed objects (no managedFields) still type-check.

/** An RFC 3339 timestamp as JSON carries it, or a Date as client-node decodes it. */
export type Time = string | Date;

/** An int-or-string field (e.g. maxUnavailable: 1 or "25%"). */
export type IntOrString = number | string;

/** The metadata fields status/ reads. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: Time;
  deletionTimestamp?: Time;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind?: string; name?: string; uid?: string; controller?: boolean }>;
}

/** A status condition; Pod, Deployment, Job and HPA conditions share these fields. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: Time;
}

/** metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** The container fields status/ reads from a pod spec or template. */
export interface Container {
  name: string;
  image?: string;
  /** "Always" on an init container makes it a sidecar (restartable init container). */
  restartPolicy?: string;
}

/** v1.ContainerState: exactly one member is set when the kubelet has reported. */
export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: Time };
  terminated?: {
    reason?: string;
    message?: string;
    exitCode: number;
    signal?: number;
    startedAt?: Time;
    finishedAt?: Time;
  };
}

/** v1.ContainerStatus. */
export interface ContainerStatus {
  name: string;
  image?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

/** A pod template as Deployments, StatefulSets, DaemonSets and Jobs carry it. */
export interface PodTemplate {
  metadata?: ObjectMeta;
  spec?: { containers?: Container[]; initContainers?: Container[] };
}

/** v1.Pod, trimmed. */
export interface Pod {
  metadata?: ObjectMeta;
  spec?: {
    containers?: Container[];
    initContainers?: Container[];
    nodeName?: string;
    restartPolicy?: string;
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

/** apps/v1 Deployment, trimmed. */
export interface Deployment {
  kind?: string;
  metadata?: ObjectMeta;
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    progressDeadlineSeconds?: number;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: Condition[];
  };
}

/** apps/v1 ReplicaSet, trimmed. */
export interface ReplicaSet {
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplate };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: Condition[];
  };
}

/** apps/v1 StatefulSet, trimmed. */
export interface StatefulSet {
  kind?: string;
  metadata?: ObjectMeta;
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

/** apps/v1 DaemonSet, trimmed. */
export interface DaemonSet {
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { selector?: LabelSelector; template?: PodTemplate; updateStrategy?: { type?: string } };
  status?: {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberReady?: number;
    numberAvailable?: number;
  };
}

/** batch/v1 Job, trimmed. */
export interface Job {
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { completions?: number; parallelism?: number; backoffLimit?: number; selector?: LabelSelector; template?: PodTemplate };
  status?: {
    startTime?: Time;
    completionTime?: Time;
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    conditions?: Condition[];
  };
}

/** autoscaling/v2 MetricTarget / MetricValueStatus; quantities are strings ("500m"). */
export interface MetricValue {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

/** One autoscaling/v2 MetricSpec or MetricStatus; `type` names the member that is set. */
export interface MetricEntry {
  type: string;
  resource?: { name: string; target?: MetricValue; current?: MetricValue };
  containerResource?: { name: string; container: string; target?: MetricValue; current?: MetricValue };
  pods?: { metric: { name: string }; target?: MetricValue; current?: MetricValue };
  object?: { metric: { name: string }; describedObject?: { kind?: string; name?: string }; target?: MetricValue; current?: MetricValue };
  external?: { metric: { name: string }; target?: MetricValue; current?: MetricValue };
}

/** autoscaling/v2 HorizontalPodAutoscaler, trimmed. */
export interface HorizontalPodAutoscaler {
  metadata?: ObjectMeta;
  spec?: { minReplicas?: number; maxReplicas?: number; metrics?: MetricEntry[]; scaleTargetRef?: { kind?: string; name?: string } };
  status?: {
    observedGeneration?: number;
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: MetricEntry[];
    conditions?: Condition[];
  };
}

/** policy/v1 PodDisruptionBudget, trimmed. */
export interface PodDisruptionBudget {
  metadata?: ObjectMeta;
  spec?: { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector?: LabelSelector };
  status?: {
    observedGeneration?: number;
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
    conditions?: Condition[];
  };
}

/** Any workload workloadStatus understands; `kind` picks the rules. */
export type Workload = Deployment | ReplicaSet | StatefulSet | DaemonSet | Job;
