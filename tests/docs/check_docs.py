#!/usr/bin/env python3
"""Docs that run: executes every command and Python snippet of README.md and docs/*.md and compares
the numbers the docs show with what the program prints, to the digits shown.

Contract (the rules are documented for doc writers in tests/README.md, "Docs that run"):

- Code blocks are fenced (```) or indented by four spaces; inline code in prose is not run.
- A *command* is a line of a code block that starts with `summit `, `./build/summit ` or `$ `
  (after the indentation); a trailing backslash continues it on the next line. In a block with
  `$ ` lines only those are commands (any shell command, e.g. `$ grep ...`), and the lines up to the
  next `$ ` line are its *shown output*. Lines that start with a shell keyword (`for`, `while`,
  `if`) make the whole block one shell script, run as it stands.
- A *synopsis* (a placeholder in capitals such as MODEL or SPEC.json, `[optional]` brackets, `|`
  alternatives outside quotes, or `...`) is not a command and is not run.
- Shown numbers: in the shown output, each shown line must match an output line (stdout, then
  stderr), in order: the same text once numbers are set aside and spaces collapsed, and each
  number equal to the printed one rounded to the digits shown (a number ending in `...` is
  truncated instead of rounded; a number followed by ` s` is a measured time and is not compared).
  A shown line `...` skips any number of lines. In a command's `# comment` (on its line or on the
  comment lines right after it) every decimal number with at least three significant digits must
  be printed somewhere by the command, to the digits shown.
- Exit code: 0, unless the shown output starts with `summit: error:` (2) or with `summit: ` and
  a failure (`failed`, 1).
- Python: the ```python blocks of one file run in order in one interpreter (a notebook); a
  ```text block right after a python block is its shown output, compared line by line. A ```text
  block of `>>> ` lines is a session transcript run in the same interpreter: each statement's
  repr or printed output, or `TypeName: message` for an exception, is compared with the lines
  after it; after an exception, `e` names it (the docs write "the SolverError e above").
  A ```sh block is a shell script run as it stands (with `set -e`).
- Markers: an HTML comment on the line right before a block, `<!-- docs-test: skip REASON -->`
  (illustrative or set-up commands), `<!-- docs-test: slow SECONDS -->` (the measured time of the
  whole block; run only when it fits the slow budget, see --slow-budget) or
  `<!-- docs-test: setup SHELL -->` (run before the block; several may precede one block).
- Everything runs in a fresh temporary folder per doc file, holding a copy of examples/, a
  `build/` with links to the summit executable and the Python package, `summit` on PATH and HOME
  pointing into it, so nothing is written outside it.
"""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

SHELL_KEYWORDS = ("for ", "while ", "if ")
MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(skip|slow|setup)\b\s*(.*?)\s*-->\s*$")
NUMBER = re.compile(r"(?<![\w.\[])([-+\u2212]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)(\.\.\.)?")
PLACEHOLDER = re.compile(r"(?<![\w.$=/-])[A-Z][A-Z0-9_]{1,}(?:\.json)?(?![\w\[(=])")


class Item:
    def __init__(self, kind, path, line, text, markers):
        self.kind = kind          # "command", "script", "python", "transcript"
        self.path = path
        self.line = line
        self.text = text
        self.shown = []           # shown output lines
        self.comment = ""         # annotation comments
        self.markers = markers
        self.output_block = None  # for python: the following ```text lines

    def where(self):
        return f"{self.path}:{self.line}"


def strip_indent(lines, n):
    return [ln[n:] if ln[:n].strip() == "" else ln.lstrip() for ln in lines]


def read_blocks(path):
    """[(first line number, language, lines, markers)] for every code block."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks = []
    i = 0
    markers = []
    prev_blank = True
    while i < len(lines):
        ln = lines[i]
        m = MARKER.match(ln)
        if m:
            markers.append((m.group(1), m.group(2)))
            i += 1
            continue
        fence = re.match(r"^(\s*)```(\w*)", ln)
        if fence:
            indent = len(fence.group(1))
            lang = fence.group(2)
            j = i + 1
            body = []
            while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
                body.append(lines[j])
                j += 1
            blocks.append((i + 2, lang, strip_indent(body, indent), markers))
            markers = []
            i = j + 1
            prev_blank = False
            continue
        if prev_blank and ln.startswith("    ") and ln.strip() and not re.match(r"^\s*([-*]|\d+\.)\s", ln):
            # An indented block: four spaces more than the surrounding text (which starts at 0).
            j = i
            body = []
            while j < len(lines) and (lines[j].startswith("    ") or lines[j].strip() == ""):
                body.append(lines[j])
                j += 1
            while body and not body[-1].strip():
                body.pop()
            blocks.append((i + 1, "", strip_indent(body, 4), markers))
            markers = []
            i = j
            prev_blank = False
            continue
        if ln.strip():
            markers = []  # a marker belongs to the block right after it
        prev_blank = ln.strip() == ""
        i += 1
    return blocks


def is_synopsis(cmd):
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", "''", cmd)
    unquoted = re.sub(r"#.*", "", unquoted)
    if "..." in unquoted or re.search(r"\s\[", unquoted) or re.search(r"\s\|\s*\(?-", unquoted):
        return True
    if re.search(r"\(--", unquoted):
        return True
    return bool(PLACEHOLDER.search(unquoted.split(" ", 2)[-1] if unquoted.startswith("summit") else unquoted))


def split_comment(cmd):
    """Splits `command  # comment` outside quotes."""
    quote = None
    for k, ch in enumerate(cmd):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (k == 0 or cmd[k - 1].isspace()):
            return cmd[:k].rstrip(), cmd[k + 1:].strip()
    return cmd, ""


def extract(path, rel):
    items = []
    for line, lang, body, markers in read_blocks(path):
        if lang == "python":
            items.append(Item("python", rel, line, "\n".join(body), markers))
            continue
        if lang == "text":
            if body and body[0].startswith(">>> "):
                items.append(Item("transcript", rel, line, "\n".join(body), markers))
            elif items and items[-1].kind == "python" and items[-1].output_block is None:
                items[-1].output_block = body
            continue
        if lang in ("cpp", "json"):
            continue
        starts = [ln for ln in body if ln.startswith("$ ") or re.match(r"^\s*(\./build/)?summit \S", ln)]
        if (lang == "sh" and not starts) or any(ln.lstrip().startswith(SHELL_KEYWORDS) for ln in body):
            items.append(Item("script", rel, line, "\n".join(body), markers))
            continue
        dollar = any(ln.startswith("$ ") for ln in body)
        k = 0
        while k < len(body):
            ln = body[k]
            start = ln.startswith("$ ") if dollar else re.match(r"^\s*(\./build/)?summit \S", ln)
            if not start:
                k += 1
                continue
            first = k
            cmd = ln[2:] if dollar else ln.strip()
            while cmd.rstrip().endswith("\\") and k + 1 < len(body):
                k += 1
                cmd = cmd.rstrip()[:-1].rstrip() + " " + body[k].strip()
            k += 1
            cmd, comment = split_comment(cmd)
            item = Item("command", rel, line + first, cmd, markers)
            item.comment = comment
            if dollar:
                while k < len(body) and not body[k].startswith("$ "):
                    item.shown.append(body[k])
                    k += 1
            else:
                while k < len(body) and body[k].lstrip().startswith("#"):
                    item.comment += " " + body[k].lstrip()[1:]
                    k += 1
            if not is_synopsis(cmd):
                items.append(item)
    return items


# ---------------------------------------------------------------------------------------------
# Comparison of shown numbers with printed ones


def tokens(line):
    """(skeleton, numbers): numbers as (text, truncated, is_time)."""
    nums = []
    parts = []
    pos = 0
    for m in NUMBER.finditer(line):
        parts.append(line[pos:m.start()])
        parts.append("\0")
        after = line[m.end():]
        nums.append((m.group(1).replace("\u2212", "-"), bool(m.group(2)), bool(re.match(r"\s?s\b", after))))
        pos = m.end()
    parts.append(line[pos:])
    skeleton = " ".join("".join(parts).split())
    return skeleton, nums


def digits_unit(text):
    """The unit of the last digit shown: 10^-decimals, times 10^exponent."""
    mant, _, exp = text.lower().partition("e")
    mant = mant.lstrip("+-")
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    return 10.0 ** ((int(exp) if exp else 0) - decimals)


def number_matches(shown, printed_text):
    text, truncated, is_time = shown
    if is_time:
        return True
    try:
        s = float(text)
        p = float(printed_text.replace("\u2212", "-"))
    except ValueError:
        return text == printed_text
    unit = digits_unit(text)
    slack = 1e-6 * unit + 1e-15 * abs(s)  # binary rounding of the two decimal texts
    if truncated:
        return (s >= 0 and s - slack <= p < s + unit + slack) or (s < 0 and s - unit - slack < p <= s + slack)
    return abs(p - s) <= 0.5 * unit + slack


NUMBER_RE_TEXT = r"([-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)"


def line_matches(shown, printed):
    if "..." in shown or "\u2026" in shown:
        return loose_match(shown, printed)
    sk, sn = tokens(shown)
    pk, pn = tokens(printed)
    if sk != pk or len(sn) != len(pn):
        return False
    return all(number_matches(s, p[0]) for s, p in zip(sn, pn))


def loose_match(shown, printed):
    """A shown line with `...`: after a number it is truncated, elsewhere it stands for any text."""
    regex = ""
    nums = []
    pos = 0
    shown = shown.replace("\u2026", "...")
    for m in NUMBER.finditer(shown):
        regex += wildcard_text(shown[pos:m.start()])
        regex += NUMBER_RE_TEXT + (r"\S*" if m.group(2) else "")
        nums.append((m.group(1).replace("\u2212", "-"), bool(m.group(2)),
                     bool(re.match(r"\s?s\b", shown[m.end():]))))
        pos = m.end()
    regex += wildcard_text(shown[pos:])
    mt = re.search(regex, " ".join(printed.split()))
    if not mt:
        return False
    return all(number_matches(s, g) for s, g in zip(nums, mt.groups()))


def wildcard_text(text):
    out = []
    for k, piece in enumerate(text.split("...")):
        out.append(r"\s+".join(re.escape(w) for w in piece.split(" ")))
    return ".*?".join(out).replace(r"\s+\s+", r"\s+")


def compare_lines(shown, printed):
    """Every shown line matches a printed line, in order; a shown `...` line skips lines."""
    problems = []
    pos = 0
    for sl in shown:
        if not sl.strip():
            continue
        if sl.strip() in ("...", "…"):
            continue
        k = pos
        while k < len(printed) and not line_matches(sl, printed[k]):
            k += 1
        if k == len(printed):
            problems.append(f"shown line not printed (to the digits shown): {sl!r}")
        else:
            pos = k + 1
    return problems


def comment_numbers(comment):
    out = []
    for m in NUMBER.finditer(comment):
        text = m.group(1)
        if "." not in text:
            continue
        sig = re.sub(r"[eE].*", "", text).lstrip("+-\u2212").replace(".", "").lstrip("0")
        if len(sig) >= 3:
            out.append((text.replace("\u2212", "-"), bool(m.group(2)), False))
    return out


def check_comment(comment, printed_text):
    problems = []
    printed = [m.group(1) for m in NUMBER.finditer(printed_text)]
    for s in comment_numbers(comment):
        if not any(number_matches(s, p) for p in printed):
            problems.append(f"number {s[0]} of the comment not printed (to the digits shown)")
    return problems


# ---------------------------------------------------------------------------------------------
# Running


PY_DRIVER = r'''
import contextlib, io, json, sys, traceback
cells = json.load(open(sys.argv[1]))
ns = {"__name__": "__main__"}
results = []
for cell in cells:
    if cell["kind"] == "python":
        buf = io.StringIO()
        try:
            with contextlib.redirect_stdout(buf):
                exec(compile(cell["code"], cell["where"], "exec"), ns)
            results.append({"out": buf.getvalue(), "error": None})
        except BaseException as e:
            results.append({"out": buf.getvalue(), "error": traceback.format_exc()})
    else:
        outs = []
        for stmt in cell["statements"]:
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                try:
                    try:
                        code = compile(stmt, cell["where"], "eval")
                    except SyntaxError:
                        exec(compile(stmt, cell["where"], "exec"), ns)
                    else:
                        value = eval(code, ns)
                        if value is not None:
                            print(repr(value))
                except Exception as e:
                    ns["e"] = e
                    print(f"{type(e).__name__}: {e}")
            outs.append(buf.getvalue())
        results.append({"outs": outs, "error": None})
json.dump(results, open(sys.argv[2], "w"))
'''


def transcript_statements(text):
    """[(statement, shown lines)] from `>>> ` lines and the lines after them."""
    out = []
    for ln in text.split("\n"):
        if ln.startswith(">>> "):
            stmt, _ = split_comment(ln[4:])
            out.append([stmt, []])
        elif ln.startswith("... ") and out:
            out[-1][0] += "\n" + ln[4:]
        elif out:
            out[-1][1].append(ln)
    return out


def expected_code(shown):
    if shown and shown[0].startswith("summit: error:"):
        return 2
    if shown and shown[0].startswith("summit: ") and "failed" in shown[0].split(":")[1]:
        return 1
    return 0


def make_sandbox(source, build):
    tmp = tempfile.mkdtemp(prefix="summit-docs-")
    shutil.copytree(os.path.join(source, "examples"), os.path.join(tmp, "examples"))
    os.makedirs(os.path.join(tmp, "build"))
    os.makedirs(os.path.join(tmp, "bin"))
    exe = os.path.join(build, "summit")
    os.symlink(exe, os.path.join(tmp, "build", "summit"))
    os.symlink(exe, os.path.join(tmp, "bin", "summit"))
    os.symlink(os.path.join(build, "python"), os.path.join(tmp, "build", "python"))
    if os.path.isdir(os.path.join(build, "plugins")):  # the example plugin (docs/extending.md)
        os.symlink(os.path.join(build, "plugins"), os.path.join(tmp, "build", "plugins"))
    env = dict(os.environ)
    env["PATH"] = os.path.join(tmp, "bin") + os.pathsep + env.get("PATH", "")
    env["HOME"] = tmp
    env["PYTHONPATH"] = os.path.join(build, "python")
    env["SUMMIT_EXECUTABLE"] = exe
    env["MPLBACKEND"] = "Agg"
    env.pop("SUMMIT_MODEL_PATH", None)
    env.pop("SUMMIT_PLUGIN_PATH", None)
    return tmp, env


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_shell(script, cwd, env, timeout):
    """Exit code, stdout, stderr and the CPU seconds used (the machine may be shared, so CPU time
    is the measure that does not depend on its load)."""
    t0 = child_cpu()
    p = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr, child_cpu() - t0


def check_command(item, cwd, env, timeout):
    code, out, err, dt = run_shell(item.text, cwd, env, timeout)
    problems = []
    want = expected_code(item.shown)
    if code != want:
        problems.append(f"exit code {code}, expected {want}\nstderr: {err.strip()[-2000:]}")
    printed = out.split("\n") + err.split("\n")
    problems += compare_lines(item.shown, printed)
    problems += check_comment(item.comment, out + "\n" + err)
    return problems, dt


def check_script(item, cwd, env, timeout):
    code, out, err, dt = run_shell("set -e\n" + item.text, cwd, env, timeout)
    problems = [] if code == 0 else [f"exit code {code}\nstderr: {err.strip()[-2000:]}"]
    return problems, dt


def check_python(items, cwd, env, timeout):
    """Runs the python and transcript items of one file in one interpreter."""
    cells = []
    for it in items:
        if it.kind == "python":
            cells.append({"kind": "python", "code": it.text, "where": it.where()})
        else:
            cells.append({"kind": "transcript", "where": it.where(),
                          "statements": [s for s, _ in transcript_statements(it.text)]})
    cfile = os.path.join(cwd, ".cells.json")
    rfile = os.path.join(cwd, ".results.json")
    dfile = os.path.join(cwd, ".driver.py")
    with open(cfile, "w") as f:
        json.dump(cells, f)
    with open(dfile, "w") as f:
        f.write(PY_DRIVER)
    t0 = child_cpu()
    p = subprocess.run([sys.executable, dfile, cfile, rfile], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=timeout)
    dt = child_cpu() - t0
    if p.returncode != 0:
        return {items[0].where(): [f"python driver failed: {p.stderr[-2000:]}"]}, dt
    results = json.load(open(rfile))
    problems = {}
    for it, res in zip(items, results):
        pr = []
        if it.kind == "python":
            if res["error"]:
                pr.append(f"raised:\n{res['error']}")
            elif it.output_block is not None:
                printed = res["out"].split("\n")
                pr += compare_lines(it.output_block, printed)
                n_shown = len([s for s in it.output_block if s.strip()])
                n_printed = len([s for s in printed if s.strip()])
                if n_shown != n_printed and not any(s.strip() == "..." for s in it.output_block):
                    pr.append(f"{n_printed} lines printed, {n_shown} shown")
        else:
            for (stmt, shown), out in zip(transcript_statements(it.text), res["outs"]):
                pr += [f">>> {stmt}: {q}" for q in compare_lines(shown, out.split("\n"))]
        if pr:
            problems[it.where()] = pr
    return problems, dt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True, help="repository root")
    ap.add_argument("--build", required=True, help="build folder with summit and python/")
    ap.add_argument("--slow-budget", type=float, default=0,
                    help="seconds of `slow` blocks to run (by measured time, shortest first); -1: all")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--list", action="store_true", help="list the extracted items and exit")
    ap.add_argument("files", nargs="*", help="markdown files (default: README.md and docs/*.md)")
    a = ap.parse_args()
    source = os.path.abspath(a.source)
    build = os.path.abspath(a.build)
    files = a.files or (["README.md"] + sorted(
        os.path.join("docs", f) for f in os.listdir(os.path.join(source, "docs")) if f.endswith(".md")))

    per_file = {}
    for rel in files:
        per_file[rel] = extract(os.path.join(source, rel), rel)

    # Slow blocks (the items of one block share its marker list), shortest first, within budget.
    slow = {}
    for rel, items in per_file.items():
        for it in items:
            for kind, arg in it.markers:
                if kind == "slow":
                    slow[id(it.markers)] = float(arg.split()[0])
    chosen = set()
    used = 0.0
    for block, secs in sorted(slow.items(), key=lambda p: p[1]):
        if a.slow_budget < 0 or used + secs <= a.slow_budget:
            chosen.add(block)
            used += secs

    if a.list:
        for rel, items in per_file.items():
            for it in items:
                mk = " ".join(f"[{k} {v}]" for k, v in it.markers)
                print(f"{it.where()}: {it.kind} {mk} {it.text.splitlines()[0] if it.text else ''}")
        return 0

    failures = 0
    ran = skipped = 0
    total = 0.0
    for rel, items in per_file.items():
        if not items:
            continue
        tmp, env = make_sandbox(source, build)
        try:
            py_items = []
            for it in items:
                kinds = [k for k, _ in it.markers]
                if "skip" in kinds or ("slow" in kinds and id(it.markers) not in chosen):
                    skipped += 1
                    why = next(v for k, v in it.markers if k in ("skip", "slow"))
                    print(f"-- {it.where()}: not run ({'skip' if 'skip' in kinds else 'slow'} {why})")
                    continue
                for k, v in it.markers:
                    if k == "setup":
                        run_shell(v, tmp, env, a.timeout)
                if it.kind in ("python", "transcript"):
                    py_items.append(it)
                    continue
                fn = check_command if it.kind == "command" else check_script
                try:
                    problems, dt = fn(it, tmp, env, a.timeout)
                except subprocess.TimeoutExpired:
                    problems, dt = [f"timed out after {a.timeout} s"], a.timeout
                ran += 1
                total += dt
                status = "FAIL" if problems else "ok"
                print(f"{status:4s} {dt:6.1f} s cpu  {it.where()}: {it.text.splitlines()[0][:100]}")
                for p in problems:
                    print("       " + p.replace("\n", "\n       "))
                failures += bool(problems)
                sys.stdout.flush()
            if py_items and not os.path.isdir(os.path.join(build, "python", "summit")):
                print(f"-- {rel}: {len(py_items)} Python blocks not run (no Python bindings in the build)")
                skipped += len(py_items)
                if os.environ.get("SUMMIT_REQUIRE_ALL") == "1":
                    print("       SUMMIT_REQUIRE_ALL=1: the bindings must be built")
                    failures += 1
            elif py_items:
                try:
                    problems, dt = check_python(py_items, tmp, env, a.timeout)
                except subprocess.TimeoutExpired:
                    problems, dt = {py_items[0].where(): [f"timed out after {a.timeout} s"]}, a.timeout
                ran += len(py_items)
                total += dt
                print(f"{'FAIL' if problems else 'ok':4s} {dt:6.1f} s cpu  {rel}: {len(py_items)} Python blocks")
                for where, pr in problems.items():
                    for p in pr:
                        print(f"       {where}: " + p.replace("\n", "\n       "))
                failures += len(problems)
                sys.stdout.flush()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"docs: {ran} items run in {total:.1f} s of CPU time, {skipped} not run, {failures} failed")
    if ran == 0:
        print("docs: nothing ran", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
