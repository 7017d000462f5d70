"""The ingestion doors: HJ 212-2017 over TCP, MQTT JSON, and the gateway that runs them."""
