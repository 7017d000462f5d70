"""The HJ 212-2017 CRC (Appendix A): not CRC-16/MODBUS.

The standard XORs each byte into the register's *high* byte after shifting it down
(``reg = (reg >> 8) ^ byte``), where Modbus XORs into the low byte; polynomial 0xA001,
initial 0xFFFF, no final XOR.  Check value for ``123456789`` is 0x2F80 (Modbus: 0x4B37).
Only the data segment is covered: not ``##``, not the length, not CRLF.
"""

from __future__ import annotations


def _table() -> tuple[int, ...]:
    # reg = (reg >> 8) ^ b, then 8 shift/xor rounds: the 8 rounds act on the low byte
    # only through the bits shifted out, so they can be tabulated per low-byte value.
    table = []
    for low in range(256):
        reg = low
        for _ in range(8):
            reg = (reg >> 1) ^ 0xA001 if reg & 1 else reg >> 1
        table.append(reg)
    return tuple(table)


_TABLE = _table()


def hj212_crc(data: bytes) -> int:
    """CRC of ``data`` as defined in HJ 212-2017 Appendix A."""
    reg = 0xFFFF
    for byte in data:
        reg = (reg >> 8) ^ byte
        reg = (reg >> 8) ^ _TABLE[reg & 0xFF]
    return reg


def hj212_crc_reference(data: bytes) -> int:
    """The bit-by-bit form written in the standard; the table form must agree with it."""
    reg = 0xFFFF
    for byte in data:
        reg = (reg >> 8) ^ byte
        for _ in range(8):
            lsb = reg & 1
            reg >>= 1
            if lsb:
                reg ^= 0xA001
    return reg
