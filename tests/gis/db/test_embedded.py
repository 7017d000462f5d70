"""The embedded cluster as people meet it: started once, joined by later commands."""

from __future__ import annotations

from gis.db.embedded import EmbeddedCluster


def test_a_cluster_running_on_another_port_is_joined_where_it_is(cluster: EmbeddedCluster):
    # e.g. the tests started it with their own PARKMAP_DB_PORT, then `./parkmap run` comes along
    other = EmbeddedCluster(cluster.settings.model_copy(update={"db_port": cluster.port + 1}))
    assert other.data_dir == cluster.data_dir
    status = other.start()
    assert status.running and status.port == cluster.port
    assert f"port={cluster.port}" in other.url()
    assert other.psql("SELECT 1") == "1"
