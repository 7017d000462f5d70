"""Files in and out of the store: the importer, the exporter and the demo park loader."""
