"""ParkMap domain core: the park's data, rules and analysis. Imports no web framework."""
