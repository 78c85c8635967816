"""aspiration plan import FILE --state ISO3 | aspiration plan export --plan ID --output FILE.xlsx"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.accounts.audit import record
from aspiration.tracking.models import Plan
from aspiration.tracking.plan_xlsx import PlanFileError, export_plan, import_plan


class Command(BaseCommand):
    help = "Import an implementation plan from XLSX, or export one to XLSX."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        importer = sub.add_parser("import", help="create a plan from a workbook (sheets 'Plan' and 'Actions')")
        importer.add_argument("file")
        importer.add_argument("--state", required=True, help="ISO3 code of the state")
        importer.add_argument("--title", default="", help="plan title (default: the 'Plan' sheet's title)")
        importer.add_argument("--create-institutions", action="store_true",
                              help="create institutions the file names but the database lacks")
        exporter = sub.add_parser("export", help="write a plan to a workbook")
        exporter.add_argument("--plan", type=int, required=True, help="plan id")
        exporter.add_argument("--output", required=True, help="FILE.xlsx")

    def handle(self, *args, **options):
        if options["subcommand"] == "import":
            self._import(options)
        else:
            self._export(options)

    def _import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = import_plan(path.read_bytes(), options["state"], title=options["title"],
                                 create_institutions=options["create_institutions"],
                                 progress=lambda rows: tqdm(rows, desc="actions", unit="row", disable=None))
        except PlanFileError as error:
            raise CommandError(f"{path}: {error}") from error
        for number, reason in result.rejected:
            self.stderr.write(f"row {number} rejected: {reason}")
        self.stdout.write(f"Plan {result.plan.pk} '{result.plan.title}': {result.created} actions imported, "
                          f"{len(result.rejected)} rows rejected.")

    def _export(self, options):
        plan = Plan.objects.filter(pk=options["plan"]).select_related("state").first()
        if plan is None:
            raise CommandError(f"no plan with id {options['plan']}")
        output = Path(options["output"])
        output.write_bytes(export_plan(plan))
        record("export", plan, summary=f"plan exported to {output.name}")
        self.stdout.write(f"Plan {plan.pk} '{plan.title}': {plan.actions.count()} actions written to {output}.")
