// What every pane gets from the layout: its box and whether it has the keys.

/** A pane's size (frame included) and focus. */
export interface PaneProps {
  width: number;
  height: number;
  focused: boolean;
}
