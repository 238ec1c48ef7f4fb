"""evcheck's Qt layer: windows, item models and previews; it holds no business rules (see app/)."""
