#!/usr/bin/env python3
"""End-to-end check of the simulator's browser model against a real Chromium.

For every scenario in testdata/simulate (Chromium model) and for fetch and XHR,
`corslint simulate --format json` predicts the preflight and actual responses
and the browser's verdict and console message. A loopback HTTP server answers
exactly those responses (the scenario's origin replaced by the test page's
origin), a page on another loopback port makes the request, and the browser's
verdict and console message (Chromium's --enable-logging=stderr) must equal
the prediction. Allowed scenarios run a second time with status 500 on the
actual response (CORS ignores an actual response's status). A few raw cases
check §4.0 messages no S3/CloudFront setup produces (several ACAO values).

Runs inside its own network namespace (unshare --net, lo up): nothing leaves
loopback. Exit 77 (skipped) when chromium or unshare is not usable.
Usage: browser_test.py CORSLINT_BINARY SOURCE_DIR
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SKIP = 77
PAGE_PORT = 8701
API_PORT = 8702
PAGE_ORIGIN = f"http://127.0.0.1:{PAGE_PORT}"
API_BASE = f"http://127.0.0.1:{API_PORT}"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]


def enter_namespace():
    """Re-executes this script in a fresh network namespace with lo up."""
    if os.environ.get("CORSLINT_BROWSER_NETNS") == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        return
    if shutil.which("chromium") is None:
        print("SKIP: chromium is not installed (scripts/install-deps.sh installs it)")
        sys.exit(SKIP)
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        print("SKIP: unshare or ip is missing: cannot isolate the browser from the network")
        sys.exit(SKIP)
    probe = subprocess.run(["unshare", "--net", "ip", "link", "set", "lo", "up"],
                           capture_output=True)
    if probe.returncode != 0:
        print("SKIP: cannot create a network namespace here (needs root or user namespaces): "
              + probe.stderr.decode(errors="replace").strip())
        sys.exit(SKIP)
    env = dict(os.environ, CORSLINT_BROWSER_NETNS="1")
    r = subprocess.run(["unshare", "--net", "--", sys.executable, os.path.abspath(__file__)]
                       + sys.argv[1:], env=env)
    sys.exit(r.returncode)


def load_cases(binary, source):
    root = os.path.join(source, "testdata", "simulate")
    cases = []
    for name in sorted(os.listdir(root)):
        req = json.load(open(os.path.join(root, name, "request.json")))
        if req.get("browser") == "spec":
            continue  # the spec model differs from Chromium on purpose
        bundle = os.path.normpath(os.path.join(root, name, req.get("bundle", ".")))
        paths = [os.path.join(bundle, f) for f in sorted(os.listdir(bundle))
                 if f.endswith(".json") and f != "request.json"]
        for api in ("fetch", "xhr"):
            args = [binary, "simulate", *paths, "--origin", req["origin"],
                    "--method", req.get("method", "GET"), "--api", api, "--format", "json"]
            for h in req.get("headers", []):
                args += ["--header", h]
            if req.get("url"):
                args += ["--url", req["url"]]
            if req.get("path"):
                args += ["--path", req["path"]]
            if req.get("credentials"):
                args.append("--credentials")
            if req.get("cache"):
                args += ["--cache", req["cache"]]
                if req["cache"] == "after-origin":
                    args.append(req["cache_origin"])
            r = subprocess.run(args, capture_output=True, text=True, cwd=source)
            if r.returncode not in (0, 1):
                raise SystemExit(f"corslint simulate failed for {name}: {r.stderr}")
            trace = json.loads(r.stdout)
            cases.append(make_case(f"{name}/{api}", trace, req, api))
            if trace["verdict"]["allowed"] and trace["exchanges"]:
                cases.append(make_case(f"{name}/{api}/status-500", trace, req, api, status=500))
    return cases


def swap(text, sim_origin):
    return text.replace(sim_origin, PAGE_ORIGIN)


def make_case(name, trace, req, api, status=None):
    sim_origin = trace["request"]["origin"]
    case = {"name": name, "api": api, "method": trace["request"]["method"],
            "headers": [[h["name"], h["value"]] for h in trace["request"]["headers"]],
            "credentials": trace["request"]["credentials"],
            "responses": {"OPTIONS": [200, []], "ACTUAL": [200, []]}}
    for ex in trace["exchanges"]:
        key = "OPTIONS" if ex["kind"] == "preflight" else "ACTUAL"
        hs = [[h["name"], swap(h["value"], sim_origin)] for h in ex["response"]["headers"]]
        st = ex["response"]["status"]
        if key == "ACTUAL" and status is not None:
            st = status
        case["responses"][key] = [st, hs]
    v = trace["verdict"]
    case["expect_allowed"] = v["allowed"]
    case["expect_message"] = swap(v["message"].replace(f"'{trace['request']['url']}'", "'URL'"),
                                  sim_origin) if v["message"] else ""
    return case


def raw_cases():
    """§4.0 messages that no S3/CloudFront setup produces, checked against the reference."""
    pre = "Access to {kind} at 'URL' from origin '" + PAGE_ORIGIN + "' has been blocked by CORS policy: "
    out = []
    for api, kind in (("fetch", "fetch"), ("xhr", "XMLHttpRequest")):
        multi = f"{PAGE_ORIGIN}, https://b.example.com"
        tail = " Have the server send the header with a valid value." if api == "fetch" else ""
        out.append({"name": f"raw-multiple-acao/{api}", "api": api, "method": "GET", "headers": [],
                    "credentials": False,
                    "responses": {"OPTIONS": [200, []],
                                  "ACTUAL": [200, [["Access-Control-Allow-Origin", multi]]]},
                    "expect_allowed": False,
                    "expect_message": pre.format(kind=kind) + "The 'Access-Control-Allow-Origin' header contains "
                    f"multiple values '{multi}', but only one is allowed.{tail}"})
        out.append({"name": f"raw-trailing-slash-acao/{api}", "api": api, "method": "GET", "headers": [],
                    "credentials": False,
                    "responses": {"OPTIONS": [200, []],
                                  "ACTUAL": [200, [["Access-Control-Allow-Origin", PAGE_ORIGIN + "/"]]]},
                    "expect_allowed": False,
                    "expect_message": pre.format(kind=kind) + "The 'Access-Control-Allow-Origin' header has a "
                    f"value '{PAGE_ORIGIN}/' that is not equal to the supplied origin.{tail}"})
    return out


PAGE = """<!doctype html><meta charset=utf-8><title>corslint browser test</title><script>
const cases = %s;
async function post(path, body) {
  await fetch(path, {method: 'POST', body: JSON.stringify(body)});
}
function viaXhr(c, url) {
  return new Promise(resolve => {
    const x = new XMLHttpRequest();
    x.open(c.method, url);
    for (const [n, v] of c.headers) x.setRequestHeader(n, v);
    x.withCredentials = c.credentials;
    x.onload = () => resolve({ok: true, status: x.status});
    x.onerror = () => resolve({ok: false, status: 0});
    x.send(c.method === 'GET' || c.method === 'HEAD' ? null : 'x');
  });
}
async function viaFetch(c, url) {
  const init = {method: c.method, headers: c.headers, mode: 'cors',
                credentials: c.credentials ? 'include' : 'same-origin'};
  if (c.method !== 'GET' && c.method !== 'HEAD') init.body = 'x';
  try { const r = await fetch(url, init); return {ok: true, status: r.status}; }
  catch (e) { return {ok: false, status: 0}; }
}
(async () => {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const url = '%s/c' + i;
    const r = c.api === 'xhr' ? await viaXhr(c, url) : await viaFetch(c, url);
    await post('/result', {i, ok: r.ok, status: r.status});
  }
  await post('/done', {});
})();
</script>"""


def serve(cases, results, done):
    class Api(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def answer(self):
            n = int(self.headers.get("Content-Length") or 0)
            if n:
                self.rfile.read(n)
            m = re.match(r"^/c(\d+)$", self.path)
            if not m or int(m.group(1)) >= len(cases):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            c = cases[int(m.group(1))]
            status, hs = c["responses"]["OPTIONS" if self.command == "OPTIONS" else "ACTUAL"]
            self.send_response(status)
            for name, value in hs:
                self.send_header(name, value)
            body = b"" if self.command in ("OPTIONS", "HEAD") else b"ok"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_POST = do_DELETE = do_OPTIONS = do_PATCH = do_HEAD = answer

    class Page(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            body = (PAGE % (json.dumps(cases), API_BASE)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            data = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if self.path == "/result":
                results[data["i"]] = data
            elif self.path == "/done":
                done.set()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

    servers = [ThreadingHTTPServer(("127.0.0.1", API_PORT), Api),
               ThreadingHTTPServer(("127.0.0.1", PAGE_PORT), Page)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    return servers


def main():
    enter_namespace()
    binary, source = sys.argv[1], sys.argv[2]
    cases = load_cases(binary, source) + raw_cases()
    results, done = {}, threading.Event()
    servers = serve(cases, results, done)
    profile = tempfile.mkdtemp(prefix="corslint-chromium-")
    log_path = os.path.join(profile, "stderr.log")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                 f"{PAGE_ORIGIN}/page.html"],
                                stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        try:
            done.wait(timeout=180)
        finally:
            # Only what this test started: the browser's own process group.
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            for s in servers:
                s.shutdown()
    log_text = open(log_path, encoding="utf-8", errors="replace").read()
    version = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    shutil.rmtree(profile, ignore_errors=True)
    if not done.is_set():
        print("FAIL: the page did not finish within 180 s")
        print(log_text[-4000:])
        return 1
    messages = {}
    for m in re.finditer(r"\"(Access to (?:fetch|XMLHttpRequest) at '([^']*)'.*?)\", source:", log_text):
        messages[m.group(2)] = m.group(1)
    failures = 0
    for i, c in enumerate(cases):
        url = f"{API_BASE}/c{i}"
        got = results.get(i, {})
        allowed = bool(got.get("ok"))
        message = messages.get(url, "").replace(f"'{url}'", "'URL'")
        ok = allowed == c["expect_allowed"] and (allowed or message == c["expect_message"])
        failures += 0 if ok else 1
        print(f"{'ok  ' if ok else 'FAIL'} {c['name']}: browser {'allowed' if allowed else 'blocked'}"
              f" (simulator {'allowed' if c['expect_allowed'] else 'blocked'})")
        if not ok:
            print(f"     expected: {c['expect_message']}\n     browser:  {message}")
    print(f"{len(cases) - failures}/{len(cases)} cases agree with {version}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
