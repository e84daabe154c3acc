"""`python -m cti_mapper REPORT`: the same as `cti-map REPORT`."""

from cti_mapper.cli import cli

if __name__ == "__main__":
    cli(prog_name="cti-map")
