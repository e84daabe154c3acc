"""`cti-map attack info|update|use|rollback`: the ATT&CK catalog labels come from."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cti_mapper.cli import common

__all__ = ["attack"]

DOMAIN_CHOICES = ("enterprise", "mobile", "ics")


@click.group(cls=common.CliGroup, context_settings=common.CONTEXT_SETTINGS)
def attack() -> None:
    """Show or update the ATT&CK catalog that labels come from.

    Example:

        cti-map attack info

        cti-map attack update --domain enterprise --version 18.1

        cti-map attack rollback
    """


@attack.command("info")
@common.format_option(("table", "json"))
@common.output_option
@click.pass_obj
def attack_info(state: common.CliState, fmt: str | None, output: Path | None) -> None:
    """Show the ATT&CK version, domains and object counts in use.

    Example:

        cti-map attack info --format json
    """
    from cti_mapper.catalog_update import catalog_info

    fmt = common.choose_format(fmt, output, ("table", "json"))
    info = catalog_info(state.attack_data)
    if fmt == "json":
        common.emit(json.dumps(info, indent=2) + "\n", output)
        return
    lines = [f"ATT&CK {info['version']} ({', '.join(info['domains'])})", f"source: {info['source']}"]
    lines += [f"pinned: {domain} {pin.get('version', '?')} ({pin.get('source', '?')})"
              for domain, pin in (info.get("pinned") or {}).items()]
    lines += [f"  {kind:<22} {count:>6}" for kind, count in info["counts"].items()]
    common.emit("\n".join(lines) + "\n", output)


@attack.command("update")
@click.option("--domain", type=click.Choice(DOMAIN_CHOICES), default="enterprise",
              show_default=True, help="ATT&CK domain to update.")
@click.option("--version", "version", metavar="X.Y",
              help="ATT&CK release to pin (default: the latest release).")
@click.option("--from", "source", metavar="URL|FILE",
              help="Take the bundle from this URL or local file instead of MITRE's release.")
def attack_update(domain: str, version: str | None, source: str | None) -> None:
    """Download (or import) an ATT&CK release, validate it and pin it for later runs.

    A failed, partial or invalid download, or a bundle that is not a whole release (too few
    techniques, tactics or software), never replaces the catalog in use. Undo with
    `cti-map attack rollback`.

    Example:

        cti-map attack update --domain enterprise --version 18.1

        cti-map attack update --from enterprise-attack-18.1.json
    """
    from cti_mapper import catalog_update

    try:
        pinned = catalog_update.update_catalog(domain=domain, version=version, source=source)
    except OSError as exc:
        raise common.os_failure(exc, "store the ATT&CK release") from None
    click.echo(f"pinned ATT&CK {pinned.domain} {pinned.version} (sha256 {pinned.sha256[:12]}) "
               f"from {pinned.source}")
    click.echo(f"stored at {pinned.path}")


@attack.command("use")
@click.argument("version", metavar="VERSION")
@click.option("--domain", type=click.Choice(DOMAIN_CHOICES), default="enterprise",
              show_default=True, help="ATT&CK domain.")
def attack_use(version: str, domain: str) -> None:
    """Pin a release stored by an earlier update, or `shipped` for the embedded v18.1.

    Example:

        cti-map attack use 17.1

        cti-map attack use shipped --domain mobile
    """
    from cti_mapper import catalog_update

    try:
        pinned = catalog_update.use_release(version, domain=domain)
    except OSError as exc:
        raise common.os_failure(exc, "pin the ATT&CK release") from None
    _echo_pin(pinned, domain)


@attack.command("rollback")
@click.option("--domain", type=click.Choice(DOMAIN_CHOICES), default="enterprise",
              show_default=True, help="ATT&CK domain.")
def attack_rollback(domain: str) -> None:
    """Go back to the release pinned before the last `update` or `use`.

    Example:

        cti-map attack rollback
    """
    from cti_mapper import catalog_update

    try:
        pinned = catalog_update.rollback(domain)
    except OSError as exc:
        raise common.os_failure(exc, "pin the ATT&CK release") from None
    _echo_pin(pinned, domain)


def _echo_pin(pinned, domain: str) -> None:
    if pinned is None:
        click.echo(f"using the shipped ATT&CK {domain}-attack 18.1")
    else:
        click.echo(f"pinned ATT&CK {pinned.domain} {pinned.version} ({pinned.path})")
