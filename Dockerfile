# The ParkMap API image: Python app + built frontend bundle. PostGIS and the MQTT broker
# are separate services (docker-compose.yml).
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY gis/ gis/
COPY layers/ layers/
COPY api/ api/
COPY data/ data/
COPY --from=frontend /src/frontend/dist frontend/dist
# the incident report says what the map says, in the same words
COPY frontend/src/text/incident.json frontend/src/text/incident.json
RUN useradd --system --uid 1001 parkmap && mkdir -p /app/.parkmap && chown parkmap /app/.parkmap
USER parkmap
EXPOSE 8000 2121
HEALTHCHECK --interval=15s --timeout=5s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["sh", "-c", "python -m api.cli db migrate && exec uvicorn api.main:app --host 0.0.0.0 --port 8000 --workers ${PARKMAP_WORKERS:-2} --proxy-headers"]
