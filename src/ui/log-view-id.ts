// The name of the store's log view for one container of one pod. The UI
// reads lines from this view and the log streams (wired by the caller of
// runCockpit) write into it, so both sides must build the id the same way.

/** A pod's container whose log the Logs pane shows. */
export interface LogTarget {
  namespace: string;
  pod: string;
  container: string;
  /** The previous instance's log (kubectl logs --previous). */
  previous: boolean;
}

/** The log view id for a target: "pod/NS/NAME/CONTAINER", with "#previous" for the previous instance. */
export function logViewId(t: LogTarget): string {
  return `pod/${t.namespace}/${t.pod}/${t.container}${t.previous ? '#previous' : ''}`;
}
