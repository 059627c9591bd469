"""`greenchain airflow`: set up what the DAGs expect in Airflow (the pools of config/operations.yaml)."""

from __future__ import annotations

import typer

airflow_app = typer.Typer(
    help="Prepare an Airflow deployment for greenchain's DAGs (dags/): pools from config/operations.yaml.",
    no_args_is_help=True,
)


@airflow_app.command("pools")
def pools_cmd(
    print_only: bool = typer.Option(False, "--print", help="Print the pools as `airflow pools import` JSON; change nothing."),
) -> None:
    """Create or update the Airflow pools the DAGs use (crawl shards at once, the single warehouse writer).

    Run it once per Airflow deployment, and again after changing config/operations.yaml. Uses the
    Airflow of this environment ($AIRFLOW_HOME and its metadata database).
    """
    from greenchain.operations import load_operations_config, pools_json

    if print_only:
        typer.echo(pools_json(load_operations_config()))
        return
    from greenchain.operations import import_pools

    typer.echo(import_pools())


def register(app: typer.Typer) -> None:
    app.add_typer(airflow_app, name="airflow")
