"""``aspiration watch <subcommand>``: score, import, folder, run, signals, purge, train-shipped, score-parquet."""

from __future__ import annotations

import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.watch.scoring import CATEGORIES


def _thresholds(values: list[str]) -> dict[str, float]:
    result = {}
    for value in values or []:
        category, _, number = value.partition("=")
        if category not in CATEGORIES:
            raise CommandError(f"--threshold {value!r}: unknown category (one of {', '.join(CATEGORIES)})")
        try:
            result[category] = float(number)
        except ValueError:
            raise CommandError(f"--threshold {value!r}: expected CATEGORY=NUMBER, e.g. threat=0.6") from None
        if not 0 <= result[category] <= 1:
            raise CommandError(f"--threshold {value!r}: must be between 0 and 1")
    return result


class Command(BaseCommand):
    help = "Early warning: score texts, import feeds, update signals and alerts, purge, train the shipped model."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        score = sub.add_parser("score", help="score JSONL texts (no database)")
        score.add_argument("--input", required=True, help="JSONL file, or - for stdin")
        score.add_argument("--output", required=True, help="JSONL file, or - for stdout")
        score.add_argument("--threshold", action="append", metavar="CATEGORY=VALUE",
                           help="override a category's threshold")
        score.add_argument("--model", help="model directory (default: the shipped model)")
        score.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                           help="processes for inputs larger than one batch of 256 lines (default: one per core)")

        imp = sub.add_parser("import", help="import CSV, JSONL, RSS or Atom files of items")
        imp.add_argument("files", nargs="+")
        for p in (imp, folder := sub.add_parser("folder", help="import new files from a watched folder")):
            p.add_argument("--feed", default="default", help="feed name (created if new)")
            p.add_argument("--country", default="", help="country for rows that have none")
            p.add_argument("--language", default="", help="language for rows that have none")
            p.add_argument("--source", default="", help="source for rows that have none")
        folder.add_argument("directory")
        folder.add_argument("--interval", type=int, default=0, help="keep watching, checking every N seconds")

        run = sub.add_parser("run", help="score unscored items, update signals, raise alerts")
        run.add_argument("--threshold", action="append", metavar="CATEGORY=VALUE")
        sub.add_parser("signals", help="recompute daily signals and raise alerts")
        purge = sub.add_parser("purge", help="delete items older than WATCH_RETENTION_DAYS")
        purge.add_argument("--actor", metavar="USERNAME",
                           help="the account running the purge, for the audit trail (the OS user is recorded anyway)")

        train = sub.add_parser("train-shipped", help="rebuild the shipped model from the shared data")
        train.add_argument("--data", required=True, help="the shared data folder (with abuse-training/)")
        train.add_argument("--output", help="model directory (default: the package's shipped folder)")

        parquet = sub.add_parser("score-parquet", help="score a folder of Parquet files with Dask")
        parquet.add_argument("--input", required=True)
        parquet.add_argument("--output", required=True)
        where = parquet.add_mutually_exclusive_group()
        where.add_argument("--scheduler", help="address of a running dask.distributed scheduler")
        where.add_argument("--local-workers", type=int, default=2, help="workers of a local cluster (default 2)")

    def execute(self, *args, **options):
        # `score` uses neither the database nor the URLs; the system checks import every URLconf (and with it
        # matplotlib, scipy.stats and the REST framework), about 1.5 CPU-seconds of a scoring run's start-up.
        if options.get("subcommand") == "score":
            options["skip_checks"] = True
        return super().execute(*args, **options)

    def handle(self, *args, subcommand: str, **options):
        getattr(self, "handle_" + subcommand.replace("-", "_"))(**options)

    # ---- no database ------------------------------------------------------------------------------
    def handle_score(self, input: str, output: str, threshold, model, workers: int, **_):
        from aspiration.watch.scoring.io import score_jsonl
        from aspiration.watch.scoring.model import WatchModel, shipped_model

        thresholds = _thresholds(threshold)
        loaded = WatchModel.load(Path(model)) if model else shipped_model()
        start = time.perf_counter()
        with ExitStack() as stack:
            try:
                infile = sys.stdin if input == "-" else stack.enter_context(open(input, encoding="utf-8"))
                outfile = sys.stdout if output == "-" else stack.enter_context(open(output, "w", encoding="utf-8"))
            except OSError as exc:
                raise CommandError(f"{exc.filename}: {exc.strerror}") from None
            bar = stack.enter_context(tqdm(unit=" items", file=sys.stderr, disable=None))
            scored, failed = score_jsonl(infile, outfile, sys.stderr, thresholds=thresholds, model=loaded, progress=bar,
                                         workers=max(1, workers), model_dir=Path(model) if model else None)
        seconds = time.perf_counter() - start
        rate = scored / max(seconds, 1e-9)
        sys.stderr.write(f"scored {scored} items, {failed} errors, in {seconds:.1f}s ({rate:.1f} items/s)\n")

    def handle_train_shipped(self, data: str, output, **_):
        from aspiration.nlp.embedding import default_embedder
        from aspiration.watch.scoring.model import SHIPPED_DIR
        from aspiration.watch.scoring.train import train

        if not (Path(data) / "abuse-training").is_dir():
            raise CommandError(f"{data} has no abuse-training/ folder")
        model = train(Path(data), default_embedder(), log=lambda m: self.stderr.write(m))
        model.save(Path(output) if output else SHIPPED_DIR)
        self.stdout.write(f"trained the watch model on {sum(model.meta['training_counts'].values())} examples, "
                          f"saved to {output or SHIPPED_DIR}")

    def handle_score_parquet(self, input: str, output: str, scheduler, local_workers: int, **_):
        from aspiration.watch.distributed import score_parquet

        if not Path(input).exists():
            raise CommandError(f"{input} does not exist")
        start = time.perf_counter()
        rows = score_parquet(Path(input), Path(output), scheduler=scheduler, local_workers=local_workers)
        self.stdout.write(f"scored {rows} rows into {output} in {time.perf_counter() - start:.1f}s")

    # ---- database -----------------------------------------------------------------------------------
    def _import(self, paths: list[Path], feed_name: str, defaults: dict[str, str]) -> tuple[int, int, int]:
        """(items imported, rows rejected, files refused whole)."""
        from aspiration.accounts.audit import record
        from aspiration.watch.models import Feed
        from aspiration.watch.parsing import ParseError
        from aspiration.watch.services import import_file, mark_processed

        feed, _ = Feed.objects.get_or_create(name=feed_name)
        imported = rejected = refused = 0
        for path in paths:
            with tqdm(desc=path.name, unit=" rows", file=sys.stderr, disable=None) as bar:
                try:
                    summary = import_file(path, feed, defaults, progress=bar)
                except (ParseError, OSError) as exc:
                    self.stderr.write(f"{path}: {exc}")
                    if defaults.get("_folder"):
                        mark_processed(path, None, str(exc))
                    refused += 1
                    continue
            for error in summary.errors:
                self.stderr.write(error)
            if defaults.get("_folder"):
                mark_processed(path, summary)
            record("import", feed, summary=f"{path.name}: {summary.line()}")
            self.stdout.write(f"{path.name}: {summary.line()}")
            imported += summary.created
            rejected += len(summary.errors)
        return imported, rejected, refused

    def handle_import(self, files: list[str], feed: str, country: str, language: str, source: str, **_):
        paths = [Path(f) for f in files]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        imported, rejected, refused = self._import(paths, feed, {"country": country, "language": language, "source": source})
        if refused == len(paths):
            raise CommandError(f"every file ({refused}) was refused; see the messages above")
        self.stdout.write(f"imported {imported} items from {len(paths) - refused} files into feed {feed!r}; {rejected} rows "
                          f"rejected; {refused} files refused")

    def handle_folder(self, directory: str, feed: str, country: str, language: str, source: str, interval: int, **_):
        from aspiration.watch.services import new_folder_files

        folder = Path(directory)
        if not folder.is_dir():
            raise CommandError(f"{directory} is not a directory")
        defaults = {"country": country, "language": language, "source": source, "_folder": "1"}
        while True:
            files = new_folder_files(folder)
            imported, rejected, refused = self._import(files, feed, defaults) if files else (0, 0, 0)
            self.stdout.write(f"{folder}: {len(files)} new files, {imported} items imported, {rejected} rows rejected, "
                              f"{refused} files refused")
            if not interval:
                return
            time.sleep(interval)

    def handle_run(self, threshold, **_):
        from aspiration.watch.services import score_pending, update_signals

        with tqdm(unit=" items", file=sys.stderr, disable=None) as bar:
            def total(count: int) -> None:
                bar.total = count
                bar.refresh()

            scored, flagged = score_pending(_thresholds(threshold), total=total, advance=bar.update)
        raised = update_signals()
        self.stdout.write(f"scored {scored} items ({flagged} flagged); {raised} new alerts")

    def handle_signals(self, **_):
        from aspiration.watch.models import Alert
        from aspiration.watch.services import update_signals

        raised = update_signals()
        self.stdout.write(f"{raised} new alerts; {Alert.objects.filter(status='new').count()} alerts awaiting triage")

    def handle_purge(self, actor: str | None, **_):
        from aspiration.accounts.models import User
        from aspiration.watch.services import purge_and_record

        account = None
        if actor:
            account = User.objects.filter(username=actor).first()
            if account is None:
                raise CommandError(f"--actor {actor!r}: no account with this user name; nothing was purged")
        self.stdout.write(purge_and_record(account))
