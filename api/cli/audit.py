"""``parkmap audit verify``: recompute the audit log's hash chain and name the first broken event."""

from __future__ import annotations

import argparse
import asyncio

import asyncpg

from gis.db.embedded import EmbeddedCluster, database_url
from gis.settings import store_settings
from gis.supervision.audit import ChainReport, verify


def add_parser(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help="the tamper-evident audit log")
    actions = audit.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("verify", help="recompute the hash chain (exit 1 when it is broken)")
    check.add_argument("--url", help="verify another database, e.g. a copy kept by the bureau")
    check.add_argument(
        "--expect-head", metavar="HASH", help="fail unless the chain still ends at this hash or runs past it"
    )
    check.set_defaults(func=audit_verify)


async def _verify(url: str) -> ChainReport:
    conn = await asyncpg.connect(url)
    try:
        return await verify(conn)
    finally:
        await conn.close()


async def _contains(url: str, digest: str) -> bool:
    conn = await asyncpg.connect(url)
    try:
        return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM audit_log WHERE hash = $1)", digest))
    finally:
        await conn.close()


def audit_verify(args: argparse.Namespace) -> int:
    url = args.url
    if url is None:
        if store_settings().embedded:
            EmbeddedCluster().start()
        url = database_url()
    report = asyncio.run(_verify(url))
    if not report.ok:
        print(f"audit chain BROKEN at event {report.first_broken}: {report.reason}")
        print(f"{report.events - 1} events before it verify; last good hash {report.head}")
        return 1
    if args.expect_head and not asyncio.run(_contains(url, args.expect_head)):
        print(
            f"audit chain verifies ({report.events} events) but no longer holds the expected event {args.expect_head}"
        )
        return 1
    print(f"audit chain intact: {report.events} events, head {report.head}")
    return 0
