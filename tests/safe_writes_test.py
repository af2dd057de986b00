#!/usr/bin/env python3
"""Every write corslint makes, attacked (issue 22, items 1, 2, 3, 4 and 16).

Usage: safe_writes_test.py plain|namespace CORSLINT SCRATCH_DIR

plain      planted links at the temporary names corslint used to pick
           (`<file>.corslint-fix.<pid>`, `<out>.tmp.<pid>`), a run killed
           with -9 and the leftover it leaves, --write-baseline into a
           directory this user may not write.
namespace  in a private mount namespace (unshare -m; exit 77 without one):
           -o to /dev/null, /dev/full and /dev/stdout of a private /dev (a
           tmpfs mounted over /dev inside the namespace: the machine's /dev
           is never touched), device links, a full disk (a small tmpfs) and a
           read-only mount under --fix, -o and --write-baseline.
Scratch files go under SCRATCH_DIR (the build directory), never /tmp.
"""
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

CORS = '[{"AllowedOrigins":["https://a.example/"],"AllowedMethods":["get"]}]\n'
FIXED = '[{"AllowedOrigins":["https://a.example"],"AllowedMethods":["GET"]}]\n'
SECRET = "TOP SECRET\n"

failures = []


def check(cond, what, detail=""):
    if not cond:
        failures.append(what + (("\n    " + detail.replace("\n", "\n    ")) if detail else ""))


def run(corslint, args, cwd, prefix=(), **kw):
    return subprocess.run([*prefix, corslint, "--isolated", *args], cwd=cwd,
                          capture_output=True, text=True, **kw)


def write(path, text, mode=None):
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)


def read(path):
    with open(path) as f:
        return f.read()


def leftovers(d):
    return [n for n in os.listdir(d) if "corslint-tmp" in n or ".tmp." in n or "corslint-fix" in n]


def planted_links(corslint, work):
    """Item 1: a link planted under the temporary name must not be followed."""
    # `exec` keeps the shell's pid, so $$ is the pid corslint runs with: the
    # name the old code would have opened with fopen("wb").
    cases = {
        "fix": ('ln -s ../secret "cors.json.corslint-fix.$$"; exec "$0" --isolated --fix -q '
                'cors.json'),
        "output": 'ln -s ../secret "out.json.tmp.$$"; exec "$0" --isolated -o out.json cors.json',
        "baseline": ('ln -s ../secret "base.json.tmp.$$"; exec "$0" --isolated '
                     '--write-baseline base.json cors.json'),
        "init": 'ln -s ../secret ".corslint.json.tmp.$$"; exec "$0" init',
    }
    for name, script in cases.items():
        d = os.path.join(work, "planted-" + name)
        os.makedirs(os.path.join(d, "repo"))
        secret = os.path.join(d, "secret")
        write(secret, SECRET, 0o600)
        write(os.path.join(d, "repo", "cors.json"), CORS)
        r = subprocess.run(["sh", "-c", script, corslint], cwd=os.path.join(d, "repo"),
                           capture_output=True, text=True)
        check(read(secret) == SECRET, f"{name}: the planted link's target was written", r.stderr)
        check(stat.S_IMODE(os.stat(secret).st_mode) == 0o600,
              f"{name}: the planted link's target was chmodded")
        check(r.returncode in (0, 1), f"{name}: exit {r.returncode}", r.stderr)
    fixed = os.path.join(work, "planted-fix", "repo", "cors.json")
    check(not os.path.islink(fixed) and read(fixed) == FIXED, "fix: the file was not fixed")


def killed_run(corslint, work):
    """Item 16: what `kill -9` leaves is removed by the next run."""
    d = os.path.join(work, "killed")
    os.makedirs(d)
    write(os.path.join(d, "cors.json"), CORS)
    # Reading stdin that never ends, after the report's temporary file exists.
    p = subprocess.Popen([corslint, "--isolated", "-o", "out.json", "-"], cwd=d,
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    temps = []
    for _ in range(100):
        temps = [n for n in os.listdir(d) if n.startswith(".out.json.corslint-tmp-")]
        if temps:
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait()
    p.stdin.close()
    check(len(temps) == 1, f"no temporary file named .out.json.corslint-tmp-*: {os.listdir(d)}")
    if len(temps) != 1:
        return
    leftover = os.path.join(d, temps[0])
    check(os.path.exists(leftover), "the killed run left nothing to clean up")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    r = run(corslint, ["-o", "out.json", "cors.json"], d)
    check(r.returncode == 1, f"the next run exited {r.returncode}", r.stderr)
    check(sorted(os.listdir(d)) == ["cors.json", "out.json"],
          f"the leftover was not removed: {os.listdir(d)}")


def unwritable_baseline(corslint, work):
    """Item 16: --write-baseline into a directory this user may not write."""
    d = os.path.join(work, "unwritable")
    os.makedirs(os.path.join(d, "locked"))
    write(os.path.join(d, "cors.json"), CORS, 0o644)
    os.chmod(d, 0o755)
    os.chmod(os.path.join(d, "locked"), 0o555)
    prefix = ()
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            print("SKIP: unwritable baseline: setpriv is missing (running as root)")
            return
        prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    r = run(corslint, ["--write-baseline", "locked/base.json", "cors.json"], d, prefix)
    check(r.returncode == 2, f"unwritable baseline: exit {r.returncode}", r.stderr)
    check("cannot write 'locked/base.json': Permission denied" in r.stderr,
          "unwritable baseline: no reason", r.stderr)
    check("hint: the directory 'locked' is not writable" in r.stderr,
          "unwritable baseline: no hint about the directory", r.stderr)


def plain(corslint, scratch):
    work = tempfile.mkdtemp(prefix="safe-writes-", dir=scratch)
    os.chmod(work, 0o755)  # the unwritable case runs as nobody
    try:
        planted_links(corslint, work)
        killed_run(corslint, work)
        unwritable_baseline(corslint, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- inside a private mount namespace ------------------------------------------------


def sh(*cmd):
    subprocess.run(cmd, check=True)


def device(path, real):
    """A device node at `path` like `real`: mknod as root, else a bind mount."""
    st = os.stat(real)
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, st.st_rdev)
    except OSError:
        write(path, "")
        sh("mount", "--bind", real, path)


def devices(corslint, d):
    """Item 4: devices and links to them are written in place."""
    device(os.path.join(d, "null"), "/dev/null")
    device(os.path.join(d, "full"), "/dev/full")
    os.symlink("null", os.path.join(d, "null-link"))
    write(os.path.join(d, "cors.json"), CORS)
    for target in ("null", "null-link"):
        r = run(corslint, ["-o", target, "cors.json"], d)
        check(r.returncode == 1, f"-o {target}: exit {r.returncode}", r.stderr)
    check(stat.S_ISCHR(os.stat(os.path.join(d, "null")).st_mode), "-o null replaced the device")
    check(os.path.islink(os.path.join(d, "null-link")), "-o null-link replaced the link")
    for args in (["-o", "full"], ["--write-baseline", "full"], ["--format", "json", "-o", "full"]):
        r = run(corslint, [*args, "cors.json"], d)
        check(r.returncode == 2, f"{args}: exit {r.returncode}", r.stderr)
        check("cannot write 'full': No space left on device" in r.stderr,
              f"{args}: no ENOSPC message", r.stderr)
    check(stat.S_ISCHR(os.stat(os.path.join(d, "full")).st_mode), "-o full replaced the device")
    check(leftovers(d) == [], f"temporary files left: {leftovers(d)}")


def private_dev(corslint, d):
    """Item 4: -o /dev/null, /dev/full, /dev/stdout on a private /dev."""
    saved_null = os.path.join(d, "saved-null")
    saved_full = os.path.join(d, "saved-full")
    device(saved_null, "/dev/null")
    device(saved_full, "/dev/full")
    sh("mount", "-t", "tmpfs", "-o", "mode=755", "tmpfs", "/dev")
    device("/dev/null", saved_null)
    device("/dev/full", saved_full)
    os.symlink("/proc/self/fd/1", "/dev/stdout")
    write(os.path.join(d, "cors.json"), CORS)
    expected = run(corslint, ["cors.json"], d).stdout
    r = run(corslint, ["-o", "/dev/stdout", "cors.json"], d)
    check(r.returncode == 1 and r.stdout == expected, "-o /dev/stdout: not the report on stdout",
          r.stdout + r.stderr)
    check(os.path.islink("/dev/stdout"), "-o /dev/stdout replaced the link")
    r = run(corslint, ["-o", "/dev/null", "cors.json"], d)
    check(r.returncode == 1, f"-o /dev/null: exit {r.returncode}", r.stderr)
    check(stat.S_ISCHR(os.stat("/dev/null").st_mode), "-o /dev/null replaced the device")
    r = run(corslint, ["-o", "/dev/full", "cors.json"], d)
    check(r.returncode == 2 and "No space left on device" in r.stderr, "-o /dev/full", r.stderr)
    check(sorted(os.listdir("/dev")) == ["full", "null", "stdout"],
          f"/dev holds {sorted(os.listdir('/dev'))}")


def full_disk(corslint, d):
    """Items 1 and 16: a failed write says why, exits 2, never 'fixed N problems'."""
    sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", d)
    write(os.path.join(d, "cors.json"), CORS)
    try:
        with open(os.path.join(d, "filler"), "wb") as f:
            while True:
                f.write(b"x" * 4096)
                f.flush()
    except OSError:
        pass
    r = run(corslint, ["--fix", "cors.json"], d)
    check(r.returncode == 2, f"--fix on a full disk: exit {r.returncode}", r.stderr)
    check("cannot write 'cors.json': No space left on device" in r.stderr,
          "--fix on a full disk: no reason", r.stderr)
    check("fixed 2 problems" not in r.stderr, "--fix on a full disk claims it fixed", r.stderr)
    check(read(os.path.join(d, "cors.json")) == CORS, "--fix on a full disk changed the file")
    r = run(corslint, ["-o", "report.txt", "cors.json"], d)
    check(r.returncode == 2 and "No space left on device" in r.stderr, "-o on a full disk",
          r.stderr)
    check(leftovers(d) == [], f"temporary files left on the full disk: {leftovers(d)}")


def read_only(corslint, d):
    """Item 16: a read-only file system is named in the hint."""
    write(os.path.join(d, "cors.json"), CORS)
    sh("mount", "--bind", d, d)
    sh("mount", "-o", "remount,ro,bind", d)
    r = run(corslint, ["--write-baseline", "base.json", "cors.json"], d)
    check(r.returncode == 2, f"baseline on a read-only mount: exit {r.returncode}", r.stderr)
    check("Read-only file system" in r.stderr and "is on a read-only file system" in r.stderr,
          "baseline on a read-only mount: no hint", r.stderr)
    r = run(corslint, ["--fix", "cors.json"], d)
    check(r.returncode == 2 and "fixed 2 problems" not in r.stderr,
          "--fix on a read-only mount", r.stderr)


def inside(corslint, scratch):
    work = tempfile.mkdtemp(prefix="safe-writes-ns-", dir=scratch)
    try:
        sh("mount", "-t", "tmpfs", "tmpfs", work)  # everything below vanishes with the namespace
        parts = {"devices": devices, "full": full_disk, "ro": read_only, "dev": private_dev}
        for name, test in parts.items():
            d = os.path.join(work, name)
            os.makedirs(d)
            test(corslint, d)
    finally:
        subprocess.run(["umount", "-R", work], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def namespace(corslint, scratch):
    base = ["unshare", "-m", "--propagation", "private"]
    if os.geteuid() != 0:
        base.insert(1, "--map-root-user")
    probe = subprocess.run([*base, "true"], capture_output=True)
    if shutil.which("unshare") is None or probe.returncode != 0:
        print("SKIP: no private mount namespace (unshare -m)")
        sys.exit(77)
    r = subprocess.run([*base, sys.executable, __file__, "inside", corslint, scratch])
    sys.exit(r.returncode)


def main():
    mode, corslint, scratch = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    os.makedirs(scratch, exist_ok=True)
    if mode == "namespace":
        namespace(corslint, scratch)
    elif mode == "inside":
        inside(corslint, scratch)
    else:
        plain(corslint, scratch)
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
