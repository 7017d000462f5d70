.PHONY: help run test lint format bench-tiles bench-ingest bench-live bench-analysis bench-rasters
help:  ## list the commands
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'
run:  ## set up everything and serve the map on http://127.0.0.1:8000
	./parkmap run
test:  ## set up everything and run every test
	./parkmap test
lint:  ## ruff lint + format check, import contract
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports
format:  ## format the code
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .
bench-tiles:  ## tiles/s: this server cold and warm vs tipg vs raw ST_AsMVT
	PYTHONPATH=. .venv/bin/python bench/tiles.py
bench-ingest:  ## readings/s from MQTT into PostGIS vs raw COPY
	PYTHONPATH=. .venv/bin/python bench/ingest.py
bench-live:  ## publish → live socket latency at 5,000 readings/s
	PYTHONPATH=. .venv/bin/python bench/live_latency.py
bench-analysis:  ## threat zones, traceability, pipe trace timings
	PYTHONPATH=. .venv/bin/python bench/analysis.py
bench-rasters:  ## raster tiles/s vs direct rio-tiler
	PYTHONPATH=. .venv/bin/python bench/rasters.py
