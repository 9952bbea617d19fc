#!/usr/bin/env bash
# `npm run bench`: build the benchmark network in two network namespaces, run port220, nmap and a bare
# Node connect loop against it, print medians and ratios, and remove everything it created (also on
# error or Ctrl-C). Needs root (ip netns). Traffic stays inside the namespaces: the scanner namespace
# reaches 10.220.0.0/16 only through its veth to the network namespace; the host's interfaces are untouched.
# Also starts the real daemons of the end-to-end setup inside the network namespace (installing the Debian
# packages first if missing, with no system service started).
# Usage: npm run bench [-- --quick] [-- --runs N] [-- --full]     (see docs/benchmark.md)
set -euo pipefail
cd "$(dirname "$0")/../.."

NS_SCAN=p220b-scan
NS_NET=p220b-net
WORK="$(mktemp -d /tmp/p220-bench.XXXXXX)"
FARM_PID=""
DAEMONS_PID=""
DAEMON_PACKAGES=(openssh-server dropbear-bin dovecot-imapd dovecot-pop3d postfix vsftpd nginx-light redis-server stunnel4)

cleanup() {
  set +e
  if [[ -n "$FARM_PID" ]]; then kill "$FARM_PID" 2>/dev/null; wait "$FARM_PID" 2>/dev/null; fi
  # The daemons' starter stops each daemon by pid (process group) on SIGTERM.
  if [[ -n "$DAEMONS_PID" ]]; then kill "$DAEMONS_PID" 2>/dev/null; wait "$DAEMONS_PID" 2>/dev/null; fi
  ip netns del "$NS_SCAN" 2>/dev/null
  ip netns del "$NS_NET" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "$(id -u)" != 0 ]]; then echo "bench: needs root (ip netns)" >&2; exit 1; fi
need=()
command -v nmap >/dev/null || need+=(nmap)
[[ -x /usr/bin/time ]] || need+=(time)
command -v openssl >/dev/null || need+=(openssl)
for p in "${DAEMON_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if ((${#need[@]})); then
  echo "bench: installing ${need[*]} (Debian packages; no system service is started)" >&2
  # policy-rc.d exit 101 keeps Debian from starting the daemons as system services during the install.
  POLICY=/usr/sbin/policy-rc.d
  POLICY_SAVED=""
  if [[ -e "$POLICY" ]]; then POLICY_SAVED="$(mktemp)"; cp -p "$POLICY" "$POLICY_SAVED"; fi
  printf '#!/bin/sh\nexit 101\n' >"$POLICY"; chmod 755 "$POLICY"
  apt-get update </dev/null >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" </dev/null >/dev/null
  if [[ -n "$POLICY_SAVED" ]]; then mv "$POLICY_SAVED" "$POLICY"; else rm -f "$POLICY"; fi
fi
[[ -f dist/cli/main.js ]] || npm run build >/dev/null

# Leftovers of an earlier run that was killed hard.
ip netns del "$NS_SCAN" 2>/dev/null || true
ip netns del "$NS_NET" 2>/dev/null || true

# Two namespaces joined by a veth pair. Scanner 10.220.255.254, network side 10.220.255.253 (gateway).
ip netns add "$NS_SCAN"
ip netns add "$NS_NET"
ip link add p220b-s netns "$NS_SCAN" type veth peer name p220b-n netns "$NS_NET"
ip -n "$NS_SCAN" link set lo up
ip -n "$NS_NET" link set lo up
ip -n "$NS_SCAN" addr add 10.220.255.254/32 dev p220b-s
ip -n "$NS_NET" addr add 10.220.255.253/32 dev p220b-n
ip -n "$NS_SCAN" link set p220b-s up
ip -n "$NS_NET" link set p220b-n up
ip -n "$NS_SCAN" route add 10.220.255.253/32 dev p220b-s
ip -n "$NS_SCAN" route add 10.220.0.0/16 via 10.220.255.253 dev p220b-s
ip -n "$NS_NET" route add 10.220.255.254/32 dev p220b-n
# Closed hosts: AnyIP `local` routes make the network namespace's own stack answer every address with a RST
# (or accept, where the farm listens). Silent hosts: 10.220.128.0/22 has no route there and forwarding is
# off in a fresh namespace, so those SYNs are dropped without an answer. The scanner's /30 stays out.
for c in 10.220.0.0/17 10.220.132.0/22 10.220.136.0/21 10.220.144.0/20 10.220.160.0/19 10.220.192.0/19 \
         10.220.224.0/20 10.220.240.0/21 10.220.248.0/22 10.220.252.0/23 10.220.254.0/24 10.220.255.0/25 \
         10.220.255.128/26 10.220.255.192/27 10.220.255.224/28 10.220.255.240/29 10.220.255.248/30; do
  ip -n "$NS_NET" route add local "$c" dev lo
done

# The banner farm: open services on 10.220.1.x and 10.220.2.x (manifest written by bench.mjs).
node test/bench/bench.mjs manifest "$WORK" "$@"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench.port220.test \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
ip netns exec "$NS_NET" node test/bench/farm.mjs "$WORK/manifest.json" "$WORK/cert.pem" "$WORK/key.pem" 220 >"$WORK/farm.out" 2>&1 &
FARM_PID=$!
for _ in $(seq 100); do grep -q '^ready' "$WORK/farm.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' "$WORK/farm.out" || { echo "bench: banner farm did not start:" >&2; cat "$WORK/farm.out" >&2; exit 1; }

# The real daemons of the end-to-end setup, on 10.220.4.<host> inside the network namespace: the e2e
# harness (TypeScript) compiled to JavaScript for this run.
# Compiled into dist/bench-e2e/ (git-ignored, inside the package, so the harness's imports of src/ find
# port220's package.json the way the built code does).
rm -rf dist/bench-e2e
npx tsc --outDir dist/bench-e2e --rootDir . --module nodenext --moduleResolution nodenext --target es2022 \
  --skipLibCheck --types node --strict test/e2e/daemons.ts test/e2e/daemon-specs.ts
ip netns exec "$NS_NET" env PORT220_BENCH_NETNS=1 node test/bench/daemons.mjs dist/bench-e2e/test/e2e >"$WORK/daemons.out" 2>"$WORK/daemons.err" &
DAEMONS_PID=$!
for _ in $(seq 300); do grep -q '^ready' "$WORK/daemons.out" 2>/dev/null && break; kill -0 "$DAEMONS_PID" 2>/dev/null || break; sleep 0.1; done
grep -q '^ready' "$WORK/daemons.out" || { echo "bench: the real daemons did not start:" >&2; cat "$WORK/daemons.err" >&2; exit 1; }
sed -n 's/^ready //p' "$WORK/daemons.out" >"$WORK/daemons.json"
cat "$WORK/daemons.err" >&2

node test/bench/bench.mjs run "$WORK" "$@"
