"""Live values and alarms pushed to the map over WebSocket (SSE fallback)."""
