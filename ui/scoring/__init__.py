"""The GUI scoring panel: per-indicator inputs, suggestion, confirm/override, notes, evidence,
the unit's weight, veto, sections 4-5 and live totals, with undo/redo.  See docs/gui.md."""
