"""HJ 212-2017, the national transmission standard of online pollution monitoring (CEMS, water)."""
