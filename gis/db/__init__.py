"""The one store: models, migrations, the embedded PostGIS cluster and the demo park loader."""
