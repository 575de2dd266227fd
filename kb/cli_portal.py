"""`kb` commands of the portal room: `kb portal`, `kb user add`; plus the portal's password hashing.

The hashing lives here (stdlib scrypt) because nothing may import `portal/`, while the
portal itself verifies logins with `verify_password`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import subprocess
import sys
from pathlib import Path

import click
from sqlalchemy import Engine, select

from kb.settings import Settings

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
ROLES = ("curator", "annotator")
APP = Path(__file__).resolve().parent.parent / "portal" / "app.py"


def hash_password(password: str) -> str:
    """A slow salted hash: `scrypt$n$r$p$salt$hash` (hex)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algo != "scrypt":
        return False
    got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                         dklen=len(digest) // 2)
    return hmac.compare_digest(got.hex(), digest)


def store_user(engine: Engine, name: str, role: str, password: str) -> None:
    """Create the account, or reset password and role of an existing one."""
    from kb.db import session_scope
    from kb.schema import AuditLog, User

    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            session.add(User(name=name, role=role, password_hash=hash_password(password)))
            action = "user_add"
        else:
            user.role, user.password_hash, user.active = role, hash_password(password), True
            action = "user_reset"
        session.add(AuditLog(who="kb user", action=action, target=f"user:{name}", after={"role": role}))


def portal_command(settings: Settings, port: int) -> list[str]:
    """The streamlit command line for the portal (headless, settings via environment)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.maxUploadSize", str(settings.upload_max_mb),
        "--server.fileWatcherType", "none", "--theme.base", "light", "--client.toolbarMode", "viewer",
    ]


def portal_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)  # the child inherits the user's environment plus the resolved settings
    env.update({"KB_DATABASE_URL": settings.db_url, "KB_DATA_DIR": str(settings.data_path)})
    return env


def register(group: click.Group) -> None:
    """Add this room's commands to the `kb` group."""
    from kb.cli import settings_of

    @group.command("portal")
    @click.option("--port", type=click.IntRange(1, 65535), default=None,
                  help="Port (default: the portal_port setting, 8501).")
    @click.pass_context
    def portal(ctx: click.Context, port: int | None) -> None:
        """Start the Streamlit portal on 127.0.0.1.

        Example: kb portal --port 8600
        """
        from kb.db import get_engine

        settings = settings_of(ctx)
        get_engine(settings).dispose()  # migrate before the portal opens the database
        port = port or settings.portal_port
        click.echo(f"portaal op http://127.0.0.1:{port}")
        cmd = portal_command(settings, port)
        if os.name == "posix":
            # become the Streamlit process: a SIGTERM to `kb portal` (service manager, test, demo)
            # then stops the server itself instead of orphaning a child that keeps the port
            sys.stdout.flush()
            sys.stderr.flush()
            os.execve(cmd[0], cmd, portal_env(settings))
        raise SystemExit(subprocess.call(cmd, env=portal_env(settings)))

    @group.group("user")
    def user() -> None:
        """Portal accounts (curators and annotators)."""

    @user.command("add")
    @click.argument("name")
    @click.option("--role", type=click.Choice(ROLES), required=True, help="curator or annotator")
    @click.option("--password-stdin", is_flag=True, help="Read the password from stdin (scripts).")
    @click.pass_context
    def user_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
        """Create a portal account; the password is asked (twice) and stored as an scrypt hash.

        Example: kb user add anna --role curator
        """
        from kb.cli import KbError
        from kb.db import get_engine

        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
        if len(password) < 8:
            raise KbError("wachtwoord te kort (minstens 8 tekens)")
        engine = get_engine(settings_of(ctx))
        store_user(engine, name, role, password)
        engine.dispose()
        click.echo(f"account {name} ({role}) opgeslagen")
