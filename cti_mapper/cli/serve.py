"""`cti-map serve`: review mappings in a browser (the review database helpers are in ``common``)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import click

from cti_mapper.cli import common

__all__ = ["serve"]

def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback requires a token (generated if not given).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--db", "db", envvar=common.REVIEW_DB_ENV, metavar="URL|PATH",
              help=f"Review database: SQLAlchemy URL or SQLite file [env {common.REVIEW_DB_ENV}]. "
                   "Default: review.db in the user data folder.")
@click.option("--token", envvar="CTI_MAPPER_REVIEW_TOKEN", help="Require this token on every request.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Host name clients use to reach a non-loopback server (repeatable; default: any).")
@click.option("--max-upload-mb", type=click.IntRange(1, 200), default=20, show_default=True,
              help="Largest report accepted.")
@click.option("--reviewer", default=None, help="Name recorded with decisions (default: your user name).")
@common.model_option
@click.option("--threshold", type=click.FloatRange(0, 1),
              help="Report labels scoring at least this. Default: the model's calibrated threshold.")
@common.backend_option
@click.pass_obj
def serve(state, host: str, port: int, db: str | None, token: str | None, allowed_hosts: tuple[str, ...],
          max_upload_mb: int, reviewer: str | None, model: Path | None, threshold: float | None,
          backend: str) -> None:
    """Review mappings in a browser: upload reports, accept/reject/add labels, export.

    Serves on 127.0.0.1 by default. Decisions are stored in the review database; learn from
    them with `cti-map train --feedback DB`. The JSON API's OpenAPI schema is at /openapi.json.

    Example:

        cti-map serve

        cti-map serve --db postgresql://user@host/cti --host 0.0.0.0 --allowed-host cti.example.org
    """
    import getpass
    import secrets

    try:
        import uvicorn

        from cti_mapper.review.app import LOOPBACK_HOSTS, ReviewSettings, create_app
    except ImportError as exc:
        raise click.ClickException(f"`cti-map serve` needs the serve extra: pip install 'crossrank[serve]' "
                                   f"({exc.name} is missing)") from None
    loopback = _is_loopback(host)
    if not loopback and not token:
        token = secrets.token_urlsafe(24)
    engine = common.open_review_engine(db)
    click.echo("loading the model and the ATT&CK catalog…", err=True)
    mapper = common.load_mapper(state, model, backend, threshold)
    hosts = LOOPBACK_HOSTS if loopback else (tuple(allowed_hosts) or ("*",))
    settings = ReviewSettings(token=token, allowed_hosts=hosts, max_upload_bytes=max_upload_mb * 2**20,
                              reviewer=reviewer or getpass.getuser())
    app = create_app(engine=engine, mapper=mapper, settings=settings)
    sock = _bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown if loopback else (allowed_hosts[0] if allowed_hosts else shown)}:{sock.getsockname()[1]}/"
    click.echo(f"cti-map review on {url}{'?token=' + token if token else ''}  (Ctrl-C to stop)", err=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    return sock
