#!/bin/sh
# A .corslint.json planted in a shared /tmp is not applied, and one that belongs
# to another user is ignored with a warning (issue 22, item 6). Runs in its own
# mount namespace with a private tmpfs on /tmp: the machine's /tmp is never
# touched. Exit 77 (skipped) when namespaces are not available.
#   config_search_test.sh CORSLINT
set -u
bin=$1
command -v unshare >/dev/null 2>&1 || { echo "SKIP: unshare is missing"; exit 77; }
if [ "$(id -u)" = 0 ]; then
  ns="unshare --mount --propagation private"
else
  ns="unshare --mount --map-root-user --propagation private"
fi
$ns sh -c 'mount -t tmpfs tmpfs /tmp' 2>/dev/null || {
  echo "SKIP: cannot mount a private /tmp in a mount namespace"
  exit 77
}
# The binary may itself live under /tmp (a clone in /tmp): it is held open
# on fd 3 across the mount and copied into the private /tmp.
OUTER_UID=$(id -u) exec $ns sh -eu -c '
exec 3< "$0"
mount -t tmpfs tmpfs /tmp
cat <&3 > /tmp/corslint && chmod 755 /tmp/corslint && exec 3<&-
CORSLINT=/tmp/corslint
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p /tmp/work /tmp/home
cd /tmp/work
printf "%s" "[{\"AllowedOrigins\": [\"https://a.example\"], \"AllowedMethods\": [\"get\"]}]" > cors.json
# Planted by another user of the shared /tmp: ignore every CORS rule.
printf "%s" "{\"ignore\": [\"C\"]}" > /tmp/.corslint.json
chmod 644 /tmp/.corslint.json
export HOME=/tmp/home
rc=0; out=$("$CORSLINT" --select C002 -q -v . 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "the planted /tmp/.corslint.json was applied (exit $rc): $out"
echo "$out" | grep -q "^corslint: config: none$" || fail "-v should say no config: $out"
echo "planted /tmp/.corslint.json: not applied"

# The home directory bounds the search, and includes it.
mkdir -p /tmp/home/proj && cp cors.json /tmp/home/proj/ && cd /tmp/home/proj
printf "%s" "{\"ignore\": [\"C\"]}" > /tmp/home/.corslint.json
rc=0; out=$("$CORSLINT" --select C002 -q -v . 2>&1) || rc=$?
[ "$rc" = 0 ] || fail "~/.corslint.json was not used (exit $rc): $out"
echo "$out" | grep -q "^corslint: config: /tmp/home/.corslint.json$" || fail "-v: $out"
rm /tmp/home/.corslint.json
echo "\$HOME/.corslint.json: used"

# A config owned by neither the current user nor root.
cd /tmp/work
printf "%s" "{\"ignore\": [\"C\"]}" > .corslint.json
chmod 644 .corslint.json
if [ "$OUTER_UID" = 0 ]; then
  chown 4242:4242 .corslint.json
else
  # In the user namespace, files of the real root show as the overflow uid.
  mount --bind /etc/passwd .corslint.json
fi
rc=0; out=$("$CORSLINT" --select C002 -q . 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "a config of another owner was applied (exit $rc): $out"
echo "$out" | grep -q "corslint: warning: ignoring /tmp/work/.corslint.json: it is owned by uid" ||
  fail "no warning about the owner: $out"
echo "config of another owner: ignored with a warning"
' "$bin"
