"""``parkmap user add|passwd|disable|enable`` and ``parkmap key add|revoke|list``."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from api.cli.data import engine_for_cli
from api.ingest.settings import ingest_settings
from gis.auth import ROLES
from gis.devices import issue_key, list_keys, revoke_key, write_broker_files
from gis.users import add_user, set_disabled, set_password


def add_parser(commands: argparse._SubParsersAction) -> None:
    user = commands.add_parser("user", help="accounts and roles")
    actions = user.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="create an account (a password is generated unless --password-stdin)"
    )
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--enterprise", metavar="CODE", help="the enterprise of an enterprise account")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(func=user_add)
    passwd = actions.add_parser("passwd", help="set a new password (ends the user's sessions)")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(func=user_passwd)
    for name, disabled in (("disable", True), ("enable", False)):
        p = actions.add_parser(name, help=f"{name} an account")
        p.add_argument("username")
        p.set_defaults(func=lambda args, d=disabled: user_disable(args, d))

    key = commands.add_parser("key", help="device and integration keys for the ingestion doors")
    key_actions = key.add_subparsers(dest="action", metavar="ACTION", required=True)
    kadd = key_actions.add_parser("add", help="issue a key for stations (shown once)")
    kadd.add_argument("name")
    kadd.add_argument("--station", action="append", required=True, metavar="CODE")
    kadd.add_argument("--kind", choices=("device", "integration"), default="device")
    kadd.set_defaults(func=key_add)
    krevoke = key_actions.add_parser("revoke", help="revoke a key by its prefix")
    krevoke.add_argument("prefix")
    krevoke.set_defaults(func=lambda args: revoke_key(engine_for_cli(), args.prefix) or 0)
    key_actions.add_parser("list", help="list keys (never their secrets)").set_defaults(func=key_list)
    files = key_actions.add_parser(
        "broker-files", help="write mosquitto's password_file and acl_file from the live device keys"
    )
    files.add_argument("folder", type=Path)
    files.set_defaults(func=key_broker_files)


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if sys.stdin.isatty():
        first = getpass.getpass("new password (empty: generate one): ")
        if first and getpass.getpass("again: ") != first:
            raise SystemExit("parkmap: the passwords differ")
        return first or None
    return None


def user_add(args: argparse.Namespace) -> int:
    given = _password(args)
    account = add_user(engine_for_cli(), args.username, args.role, given, args.enterprise)
    print(f"created {account.username} ({account.role}){_generated(given, account.password)}")
    return 0


def user_passwd(args: argparse.Namespace) -> int:
    given = _password(args)
    password = set_password(engine_for_cli(), args.username, given)
    print(f"password of {args.username} changed{_generated(given, password)}")
    return 0


def _generated(given: str | None, password: str) -> str:
    """A generated password is shown once; one the user typed is never echoed."""
    return "" if given else f"; generated password (shown once): {password}"


def user_disable(args: argparse.Namespace, disabled: bool) -> int:
    set_disabled(engine_for_cli(), args.username, disabled)
    print(f"{args.username} {'disabled' if disabled else 'enabled'}")
    return 0


def key_add(args: argparse.Namespace) -> int:
    issued = issue_key(engine_for_cli(), args.name, args.station, args.kind)
    print(f"key {issued.prefix} for {', '.join(issued.station_codes)} (shown once): {issued.plaintext}")
    return 0


def key_list(args: argparse.Namespace) -> int:
    for row in list_keys(engine_for_cli()):
        state = "revoked" if row["revoked_at"] else "live"
        print(f"{row['prefix']}  {state:<7}  {row['kind']:<11}  {row['name']}  {','.join(row['stations'])}")
    return 0


def key_broker_files(args: argparse.Namespace) -> int:
    settings = ingest_settings()
    written = write_broker_files(
        engine_for_cli(), args.folder, settings.mqtt_username, settings.mqtt_password
    )
    print(f"{written.devices} device keys → {written.passwords} and {written.acl}; reload mosquitto to apply")
    return 0
