"""Which database objects the models describe (PostGIS's own table and readings partitions are not)."""


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and (name == "spatial_ref_sys" or (name or "").startswith("readings_")):
        return False
    return True
