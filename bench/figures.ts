// One measured figure, optionally against its budget.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  budget?: number;
  /** Which side of the budget passes. */
  better?: 'lower' | 'higher';
  note?: string;
}

export function passes(f: Figure): boolean | undefined {
  if (f.budget === undefined) return undefined;
  return f.better === 'higher' ? f.value >= f.budget : f.value <= f.budget;
}
