// The PersistentVolumeClaim printer: `kubectl get pvc` shows the bound
// volume's capacity and access modes only once the claim is bound.
import { AGE, NAME, age, col, type Obj, type Printer } from './printer-kit.js';

/** Access modes in kube's fixed order, abbreviated, duplicates dropped. */
export function accessModes(modes: string[] | undefined): string {
  const have = new Set(modes ?? []);
  const short: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
  return short.filter(([m]) => have.has(m)).map(([, s]) => s).join(',');
}

// The beta annotation wins over the field, as in kube's helper.
function storageClass(o: Obj): string {
  const beta = o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return o.spec?.storageClassName ?? '';
}

export const persistentVolumeClaim: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE,
    col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells(o, now) {
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '');
    const bound = !!o.spec?.volumeName;
    return [
      o.metadata.name,
      phase,
      o.spec?.volumeName ?? '',
      bound ? String(o.status?.capacity?.storage ?? '0') : '',
      bound ? accessModes(o.status?.accessModes) : '',
      storageClass(o),
      o.spec?.volumeAttributesClassName ?? '<unset>',
      age(o, now),
      o.spec?.volumeMode ?? '<unset>',
    ];
  },
};
