// defaultTrim: what the informers drop before objects reach the store.
import { describe, expect, it } from 'vitest';
import { defaultTrim, identityOf } from '../../../src/kube/trim.js';

describe('defaultTrim', () => {
  it('drops managedFields and the last-applied annotation of any object', () => {
    const o = defaultTrim({ metadata: { name: 'x', managedFields: [{ manager: 'kubectl' }], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }, data: { a: '1' } });
    expect(o).toEqual({ metadata: { name: 'x' }, data: { a: '1' } });
  });

  it('drops what only the kubelet and the scheduler read from a pod, keeping what status rules, panes and log tails read', () => {
    const container = (name: string, extra: Record<string, unknown> = {}) => ({
      name, image: `img/${name}:1`, resources: { limits: { memory: '1Gi' } }, ...extra,
      env: [{ name: 'A', value: 'b' }], envFrom: [{ secretRef: { name: 's' } }], volumeMounts: [{ name: 'v', mountPath: '/v' }], command: ['run'], args: ['--x'],
      readinessProbe: { httpGet: { path: '/ready' } }, livenessProbe: {}, startupProbe: {}, lifecycle: {}, securityContext: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', workingDir: '/app',
    });
    const pod = defaultTrim({
      metadata: { name: 'p', labels: { app: 'web' } },
      spec: {
        nodeName: 'n1', restartPolicy: 'Always',
        containers: [container('app')],
        initContainers: [container('migrate'), container('proxy', { restartPolicy: 'Always' })],
        volumes: [{ name: 'v', emptyDir: {} }], affinity: { nodeAffinity: {} }, topologySpreadConstraints: [{}], tolerations: [{ key: 'k' }],
        dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30, serviceAccountName: 'default', priority: 0, enableServiceLinks: true,
      },
      status: {
        phase: 'Running', hostIP: '10.0.0.1', hostIPs: [{ ip: '10.0.0.1' }], podIP: '10.1.0.1', podIPs: [{ ip: '10.1.0.1' }], qosClass: 'Burstable', startTime: 't0',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 't1' }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, started: true, state: { running: { startedAt: 't1' } }, lastState: {}, image: 'img/app:1', imageID: 'img/app@sha256:ab', containerID: 'containerd://1', volumeMounts: [{ name: 'v', mountPath: '/v' }], allocatedResources: { memory: '1Gi' } }],
      },
    });
    expect(pod.spec).toEqual({
      nodeName: 'n1', restartPolicy: 'Always',
      containers: [{ name: 'app', image: 'img/app:1', resources: { limits: { memory: '1Gi' } } }],
      initContainers: [
        { name: 'migrate', image: 'img/migrate:1', resources: { limits: { memory: '1Gi' } } },
        { name: 'proxy', image: 'img/proxy:1', resources: { limits: { memory: '1Gi' } }, restartPolicy: 'Always' },
      ],
    });
    expect(pod.status).toEqual({
      phase: 'Running', hostIP: '10.0.0.1', podIP: '10.1.0.1', startTime: 't0',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 't1' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, started: true, state: { running: { startedAt: 't1' } }, lastState: {}, image: 'img/app:1', containerID: 'containerd://1' }],
    });
  });

  it('leaves a workload\'s pod template whole (rollout checks compare its containers)', () => {
    const template = { spec: { containers: [{ name: 'app', image: 'i', env: [{ name: 'A', value: 'b' }] }], volumes: [{ name: 'v' }] } };
    const d = defaultTrim({ metadata: { name: 'd' }, spec: { replicas: 3, template: structuredClone(template) } });
    expect(d.spec.template).toEqual(template);
  });
});

describe('defaultTrim of Events', () => {
  it('keeps what DeckEvent reads, of both Event shapes', () => {
    const core = defaultTrim({
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: 'e1', namespace: 'shop', uid: 'u', resourceVersion: '9', creationTimestamp: 't0', annotations: { a: 'b' }, managedFields: [{}] },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'p', apiVersion: 'v1', resourceVersion: '3', fieldPath: 'spec.containers{web}' },
      reason: 'BackOff', message: 'Back-off restarting', type: 'Warning', count: 4, firstTimestamp: 't1', lastTimestamp: 't2', eventTime: null,
      source: { component: 'kubelet' }, reportingComponent: 'kubelet', reportingInstance: 'n1', action: '',
    });
    expect(core).toEqual({
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: 'e1', namespace: 'shop', uid: 'u', resourceVersion: '9', creationTimestamp: 't0' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'p' },
      reason: 'BackOff', message: 'Back-off restarting', type: 'Warning', count: 4, firstTimestamp: 't1', lastTimestamp: 't2', eventTime: null,
    });
    const v1 = defaultTrim({
      metadata: { name: 'e2', namespace: 'shop' },
      regarding: { kind: 'Pod', name: 'web-2', fieldPath: 'x' }, reason: 'Pulled', note: 'pulled', type: 'Normal',
      series: { count: 2, lastObservedTime: 't3' }, reportingController: 'kubelet', deprecatedSource: {},
    });
    expect(v1).toEqual({ metadata: { name: 'e2', namespace: 'shop' }, regarding: { kind: 'Pod', name: 'web-2' }, reason: 'Pulled', note: 'pulled', type: 'Normal', series: { count: 2, lastObservedTime: 't3' } });
  });
});

describe('identityOf', () => {
  it('keeps what diffing a relist and placing a removal need: name, namespace, version, kind, Secret type, labels', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'sh.helm.release.v1.web.v3', namespace: 'shop', uid: 'u', resourceVersion: '42', labels: { owner: 'helm', name: 'web' }, annotations: { a: 'b' } }, data: { release: 'H4sI...' } };
    expect(identityOf(secret)).toEqual({ kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'sh.helm.release.v1.web.v3', namespace: 'shop', resourceVersion: '42', labels: { owner: 'helm', name: 'web' } } });
  });
});
