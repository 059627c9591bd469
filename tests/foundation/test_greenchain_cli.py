import subprocess
import sys

import pytest
from typer.testing import CliRunner

from greenchain.cli.main import app

# Every stage of the pipeline is runnable by hand (issue: foundation).
STAGE_COMMANDS = [
    ["simulate", "serve"], ["simulate", "truth"], ["sources", "list"], ["sources", "validate"],
    ["crawl"], ["parse"], ["normalize"], ["match"], ["match-names"], ["review", "list"],
    ["load"], ["sql"], ["export"], ["index"], ["alerts", "send"], ["alerts", "feed"],
    ["run"], ["reference"], ["health"], ["demo"],
]


@pytest.mark.parametrize("command", STAGE_COMMANDS, ids=" ".join)
def test_every_stage_command_explains_itself(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    # the help says what the command does, not just its options
    description = result.output.split("Options")[0]
    assert len(description.split()) > 6


def _greenchain(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "greenchain.cli.main", *args], capture_output=True, text=True)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["health", "--run-id", "no-such-run"], "no crawl health for run 'no-such-run'"),
        (["health", "--bogus"], "No such option: --bogus"),
        (["no-such-command"], "No such command"),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_line_error(args: list[str], expected: str) -> None:
    out = _greenchain(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert expected in lines[0]
