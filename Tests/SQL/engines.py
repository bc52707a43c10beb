"""Real SQL engines for the differential tests: DuckDB (in process),
PostgreSQL (a private server made with initdb in a temporary folder,
listening on a Unix socket only, stopped afterwards) and Spark (local mode).

Each engine loads a staged events table (`rubric stage`) and optionally a
roster, sets the as-of date with the dialect's own parameter, runs a script
from `rubric compile`, and returns the scores, rejects and accounting as
plain Python values (decimals as exact strings)."""
import csv
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal


def statements(script):
    """The script's statements: they end with `;` at a line's end and are separated by blank lines."""
    out, cur = [], []
    for line in script.splitlines():
        cur.append(line)
        if line.rstrip().endswith(";"):
            text = "\n".join(l for l in cur if not l.startswith("--")).strip()
            if text:
                out.append(text.rstrip().rstrip(";"))
            cur = []
    return out


def roster_rows(path):
    """The roster as the native reader takes it: CSV with a `unit` column, else one unit a line."""
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    if not lines:
        return ["unit"], []
    header = [c.strip() for c in next(csv.reader([lines[0]]))]
    if "unit" in header:
        rows = [r for r in csv.reader(lines[1:]) if any(c.strip() for c in r)]
        return header, [r + [""] * (len(header) - len(r)) for r in rows]
    return ["unit"], [[l] for l in lines if l.strip()]


def number(v):
    if v is None or v == "":
        return None
    d = Decimal(str(v))
    s = format(d.normalize(), "f")
    return "0" if s in ("-0", "0") else s


class Result:
    def __init__(self, columns, rows, rejects, accounting, load_seconds=None, run_seconds=None, roster_problems=0):
        self.columns, self.rows, self.rejects, self.accounting = columns, rows, rejects, accounting
        # Rows of rubric_roster_problems (0 when the script has no such relation).
        self.roster_problems = roster_problems
        self.load_seconds, self.run_seconds = load_seconds, run_seconds

    def scores(self):
        """Rows as the native JSON's scores: unit, period, version, total, rank, group, grade, vetoed_by, combined, adjustments, categories."""
        out = []
        for r in self.rows:
            row = dict(zip(self.columns, r))
            cats = {k[len("category_"):]: number(v) for k, v in row.items() if k.startswith("category_") and v is not None and v != ""}
            out.append({
                "unit": row["unit"], "period": row["period"], "version": row["version"],
                "total": number(row["total"]), "rank": int(row["rank"]),
                "group": row["group"] if row["group"] not in (None,) else None,
                "grade": row["grade"] or None,
                "vetoed_by": row["vetoed_by"].split(",") if row["vetoed_by"] else [],
                "combined": number(row["combined"]), "adjustments": number(row["adjustments"]),
                "categories": cats or None,
            })
        return out


class DuckDB:
    name = "duckdb"

    def run(self, script, events_csv, roster=None, as_of=None):
        import duckdb
        t0 = time.time()
        c = duckdb.connect()
        c.execute("CREATE TABLE events AS SELECT * FROM read_csv(?, header = true, all_varchar = true, quote = '\"', escape = '\"')", [events_csv])
        if roster:
            header, rows = roster_rows(roster)
            c.execute("CREATE TABLE roster (" + ", ".join('"%s" VARCHAR' % h.replace('"', '""') for h in header) + ")")
            for r in rows:
                c.execute("INSERT INTO roster VALUES (" + ", ".join("?" for _ in header) + ")", r[:len(header)])
        if as_of:
            c.execute("SET VARIABLE rubric_as_of = DATE '%s'" % as_of)
        stmts = statements(script)
        t1 = time.time()
        for s in stmts[:-1]:
            c.execute(s)
        cur = c.execute(stmts[-1])
        columns = [d[0] for d in cur.description]
        rows = [[None if v is None else str(v) for v in r] for r in cur.fetchall()]
        t2 = time.time()
        rejects = [(f, int(l), fld) for f, l, fld in c.execute("SELECT source_file, source_line, field FROM rubric_rejects").fetchall()]
        acc = dict(zip(["read", "scored", "rejected", "after_as_of"], c.execute("SELECT * FROM rubric_accounting").fetchone()))
        problems = c.execute("SELECT count(*) FROM rubric_roster_problems").fetchone()[0] if "rubric_roster_problems" in script else 0
        c.close()
        return Result(columns, rows, rejects, acc, t1 - t0, t2 - t1, problems)

    def run_whole(self, script, events_csv, as_of=None):
        """The script as one text, the way a user runs a file: the tables that were there before are all still there."""
        import duckdb
        c = duckdb.connect()
        c.execute("CREATE TABLE events AS SELECT * FROM read_csv(?, header = true, all_varchar = true, quote = '\"', escape = '\"')", [events_csv])
        c.execute("CREATE TABLE sentinel AS SELECT 42 AS x")
        if as_of:
            c.execute("SET VARIABLE rubric_as_of = DATE '%s'" % as_of)
        c.execute(script)
        tables = sorted(r[0] for r in c.execute("SELECT table_name FROM information_schema.tables").fetchall())
        rows = c.execute("SELECT count(*) FROM rubric_scores").fetchone()[0]
        c.close()
        return tables, rows

    def close(self):
        pass


class Postgres:
    """A throwaway PostgreSQL server: initdb in a temporary folder, a Unix socket there, no TCP."""
    name = "postgres"

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = bins[-1]
        self.dir = tempfile.mkdtemp(prefix="rubric-pg-")
        self.data = os.path.join(self.dir, "data")
        env = dict(os.environ)
        user = []
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: the server runs as `postgres`, who owns the folder.
            subprocess.run(["chown", "-R", "postgres", self.dir], check=True)
            os.chmod(self.dir, 0o777)
            user = ["runuser", "-u", "postgres", "--"]
        self.user = user
        subprocess.run(user + [os.path.join(self.bin, "initdb"), "-D", self.data, "-U", "rubric", "--auth=trust",
                               "--encoding=UTF8", "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL, env=env)
        subprocess.run(user + [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-w", "-l", os.path.join(self.dir, "log"),
                               "-o", "-c listen_addresses='' -c unix_socket_directories='%s' -c fsync=off -c max_parallel_workers_per_gather=2" % self.dir,
                               "start"], check=True, stdout=subprocess.DEVNULL)
        self.count = 0

    def run(self, script, events_csv, roster=None, as_of=None):
        self.count += 1
        work = tempfile.mkdtemp(prefix="run-", dir=self.dir)
        os.chmod(work, 0o777)
        with open(events_csv, encoding="utf-8") as f:
            header = next(csv.reader(f))
        lines = ["CREATE TEMP TABLE events (" + ", ".join('"%s" TEXT' % h.replace('"', '""') for h in header) + ");",
                 "\\copy events FROM '%s' WITH (FORMAT csv, HEADER true)" % os.path.abspath(events_csv)]
        if roster:
            rh, rows = roster_rows(roster)
            rpath = os.path.join(work, "roster.csv")
            with open(rpath, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(rh)
                w.writerows(r[:len(rh)] for r in rows)
            lines += ["CREATE TEMP TABLE roster (" + ", ".join('"%s" TEXT' % h.replace('"', '""') for h in rh) + ");",
                      "\\copy roster FROM '%s' WITH (FORMAT csv, HEADER true)" % rpath]
        lines.append("SET client_min_messages = warning;")
        lines.append("\\echo LOADED")
        lines.append("SET rubric.as_of = '%s';" % (as_of or ""))
        stmts = statements(script)
        lines += [s + ";" for s in stmts[:-1]]
        out = {k: os.path.join(work, k + ".csv") for k in ("scores", "rejects", "accounting")}
        lines.append("\\copy (%s) TO '%s' WITH (FORMAT csv, HEADER true, NULL '\\N')" % (" ".join(stmts[-1].split()), out["scores"]))
        lines.append("\\echo SCORED")
        lines.append("\\copy (SELECT source_file, source_line, field FROM rubric_rejects) TO '%s' WITH (FORMAT csv, HEADER true)" % out["rejects"])
        lines.append("\\copy (SELECT * FROM rubric_accounting) TO '%s' WITH (FORMAT csv, HEADER true)" % out["accounting"])
        out["problems"] = os.path.join(work, "problems.csv")
        if "rubric_roster_problems" in script:
            lines.append("\\copy (SELECT count(*) FROM rubric_roster_problems) TO '%s' WITH (FORMAT csv)" % out["problems"])
        sql = os.path.join(work, "run.sql")
        with open(sql, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        marks = {}
        t0 = time.time()
        proc = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-U", "rubric", "-d", "postgres", "-f", sql],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for line in proc.stdout:
            marks[line.strip()] = time.time()
        err = proc.stderr.read()
        if proc.wait() != 0:
            raise RuntimeError("psql failed: " + err[-3000:])
        scores = list(csv.reader(open(out["scores"], encoding="utf-8", newline="")))
        rejects = [(f, int(l), fld) for f, l, fld in list(csv.reader(open(out["rejects"], encoding="utf-8", newline="")))[1:]]
        acc_rows = list(csv.reader(open(out["accounting"], encoding="utf-8")))
        acc = {k: int(v) for k, v in zip(acc_rows[0], acc_rows[1])}
        problems = int(open(out["problems"]).read().strip()) if os.path.exists(out["problems"]) else 0
        shutil.rmtree(work, ignore_errors=True)
        return Result(scores[0], [[None if v == "\\N" else v for v in r] for r in scores[1:]], rejects, acc,
                      marks.get("LOADED", t0) - t0, marks.get("SCORED", t0) - marks.get("LOADED", t0), problems)

    def run_whole(self, script, events_csv, as_of=None):
        """The script through `psql -v ON_ERROR_STOP=1` and `\\i`, as docs/scale-out.md shows: the tables that were there before are all still there."""
        work = tempfile.mkdtemp(prefix="whole-", dir=self.dir)
        os.chmod(work, 0o777)
        with open(events_csv, encoding="utf-8") as f:
            header = next(csv.reader(f))
        path = os.path.join(work, "score.sql")
        with open(path, "w", encoding="utf-8") as f:
            f.write(script)
        lines = ["CREATE TEMP TABLE events (" + ", ".join('"%s" TEXT' % h.replace('"', '""') for h in header) + ");",
                 "\\copy events FROM '%s' WITH (FORMAT csv, HEADER true)" % os.path.abspath(events_csv),
                 "CREATE TEMP TABLE sentinel AS SELECT 42 AS x;", "SET client_min_messages = warning;",
                 "SET rubric.as_of = '%s';" % (as_of or ""),
                 "\\i " + path, "\\echo TABLES",
                 "SELECT table_name FROM information_schema.tables WHERE table_schema LIKE 'pg_temp%' ORDER BY 1;",
                 "\\echo ROWS", "SELECT count(*) FROM rubric_scores;"]
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-U", "rubric", "-d", "postgres"],
                           input="\n".join(lines) + "\n", capture_output=True, text=True)
        shutil.rmtree(work, ignore_errors=True)
        if p.returncode != 0:
            raise RuntimeError("psql failed: " + p.stderr[-3000:])
        out = p.stdout.split("TABLES\n", 1)[1]
        tables, rows = out.split("ROWS\n", 1)
        return sorted(tables.split()), int(rows.split()[-1])

    def close(self):
        subprocess.run(self.user + [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "fast", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)


class Spark:
    """Spark SQL in local mode (pip install pyspark; Java 17)."""
    name = "spark"

    def __init__(self, threads=2, memory="4g", fresh_every=4):
        self.threads, self.memory, self.fresh_every = threads, memory, fresh_every
        self.runs = 0
        self.warehouse = tempfile.mkdtemp(prefix="rubric-spark-")
        self.start()

    def start(self):
        # A new context has a new in-memory catalog: give it an empty warehouse too.
        shutil.rmtree(self.warehouse, ignore_errors=True)
        os.makedirs(self.warehouse)
        from pyspark.sql import SparkSession
        self.spark = (SparkSession.builder.master("local[%d]" % self.threads).appName("rubric-differential")
                      .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "4")
                      .config("spark.driver.memory", self.memory)
                      .config("spark.sql.warehouse.dir", self.warehouse).getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")

    def run(self, script, events_csv, roster=None, as_of=None):
        from pyspark.sql.types import StringType, StructField, StructType
        # A long-lived local context accumulates memory across many scripts: start a fresh one now and then.
        self.runs += 1
        if self.fresh_every and self.runs % self.fresh_every == 0:
            self.spark.stop()
            self.start()
        s = self.spark
        # Each run starts clean: no cached relations or views of the previous one.
        s.catalog.clearCache()
        for t in s.catalog.listTables():
            if t.isTemporary:
                s.catalog.dropTempView(t.name)
        t0 = time.time()
        with open(events_csv, encoding="utf-8") as f:
            header = next(csv.reader(f))
        schema = StructType([StructField(h, StringType()) for h in header])
        s.read.csv(events_csv, header=True, schema=schema, multiLine=True, escape='"').createOrReplaceTempView("events")
        t1 = time.time()
        if roster:
            rh, rows = roster_rows(roster)
            s.createDataFrame([r[:len(rh)] for r in rows], StructType([StructField(h, StringType()) for h in rh])).createOrReplaceTempView("roster")
        stmts = statements(script)
        s.sql("SET rubric.as_of=%s" % as_of) if as_of else s.sql("RESET rubric.as_of")
        for st in stmts[:-1]:
            try:
                s.sql(st)
            except Exception:
                print("spark failed on:\n" + st[:2000], file=sys.stderr)
                raise
        df = s.sql(stmts[-1])
        columns = df.columns
        rows = [[None if v is None else str(v) for v in r] for r in df.collect()]
        t2 = time.time()
        rejects = [(r[0], int(r[1]), r[2]) for r in s.sql("SELECT source_file, source_line, field FROM rubric_rejects").collect()]
        a = s.sql("SELECT * FROM rubric_accounting").collect()[0]
        acc = {"read": a["read"], "scored": a["scored"], "rejected": a["rejected"], "after_as_of": a["after_as_of"]}
        problems = s.sql("SELECT count(*) AS n FROM rubric_roster_problems").collect()[0]["n"] if "rubric_roster_problems" in script else 0
        return Result(columns, rows, rejects, acc, t1 - t0, t2 - t1, problems)

    def close(self):
        self.spark.stop()
        shutil.rmtree(self.warehouse, ignore_errors=True)
