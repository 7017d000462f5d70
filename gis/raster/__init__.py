"""Remote-sensing scenes: catalog, Cloud-Optimized GeoTIFFs, tiles, indices, change between dates.

``catalog.add_scene`` registers a GeoTIFF; ``reader.SceneReader`` reads a registered scene;
``render`` draws tiles, ``zonal`` computes statistics in a polygon, ``change`` compares two
dates; ``demo.load_demo_scenes`` registers the synthetic demo scenes.
"""
