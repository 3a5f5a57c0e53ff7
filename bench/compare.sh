#!/usr/bin/env bash
# Performance baselines (docs/PERFORMANCE.md), in one run:
#  1. OpenSSH connect + exec of `true` (a private sshd on a loopback port, a
#     throw-away user whose shell is /bin/sh) beside xietong's connect → first
#     frame, and their ratio;
#  2. bbolt's raw group commit (50 writers, 300-byte values, DB.Batch at 1 ms
#     and 10 ms) beside xietong's own write path (50 writers posting notices,
#     each with its audit entry), and their ratios.
#
#   bench/compare.sh            (root: installs openssh-server if missing)
#
# Env: RUNS (20), SSHD_PORT (24202), XT_PORT (24203), BENCHTIME (10000x),
# SKIP_SSH=1 / SKIP_BOLT=1 to run one half.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
SSHD_PORT=${SSHD_PORT:-24202}
XT_PORT=${XT_PORT:-24203}
BENCHTIME=${BENCHTIME:-10000x}
BENCH_USER=xtbench

tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

now_ns() { date +%s%N; }

# median of numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "nan"; exit} if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

ssh_ms=
ssh_all=()
xt_ms=

# ---------------------------------------------------------------- OpenSSH
openssh_baseline() {
	local sshd
	sshd=$(command -v sshd || true)
	[[ -z $sshd && -x /usr/sbin/sshd ]] && sshd=/usr/sbin/sshd
	if [[ -z $sshd ]]; then
		if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
			echo "installing openssh-server ..."
			apt-get update -qq >/dev/null
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null
			sshd=/usr/sbin/sshd
		else
			echo "SKIP OpenSSH baseline: no sshd, and not root to install openssh-server"
			return 0
		fi
	fi
	if [[ $(id -u) -ne 0 ]]; then
		echo "SKIP OpenSSH baseline: a throw-away user and a private sshd need root"
		return 0
	fi
	if ! id "$BENCH_USER" >/dev/null 2>&1; then
		useradd --create-home --shell /bin/sh "$BENCH_USER"
	fi
	# An account with no password is locked for sshd unless its password
	# field is not "!"; "*" allows key login.
	usermod -p '*' "$BENCH_USER"
	chmod 755 "$tmp"
	ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key"
	ssh-keygen -q -t ed25519 -N '' -f "$tmp/client_key"
	cp "$tmp/client_key.pub" "$tmp/authorized_keys"
	chmod 644 "$tmp/authorized_keys"
	mkdir -p /run/sshd
	cat >"$tmp/sshd_config" <<EOF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $tmp/host_key
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
AllowUsers $BENCH_USER
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin no
UseDNS no
PrintMotd no
PrintLastLog no
LogLevel ERROR
EOF
	"$sshd" -D -f "$tmp/sshd_config" -E "$tmp/sshd.log" &
	pids+=($!)
	local opts=(-p "$SSHD_PORT" -i "$tmp/client_key" -o BatchMode=yes -o StrictHostKeyChecking=no
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ControlMaster=no -o ControlPath=none
		-o IdentitiesOnly=yes -o GSSAPIAuthentication=no)
	for _ in $(seq 50); do
		ssh "${opts[@]}" "$BENCH_USER@127.0.0.1" true 2>/dev/null && break
		sleep 0.1
	done
	echo "OpenSSH $("$sshd" -V 2>&1 | head -1 || true)"
	# The default key exchange (sntrup761x25519 in OpenSSH 9.x) and plain
	# curve25519: the post-quantum hybrid is most of the difference.
	local kex
	for kex in default curve25519-sha256; do
		local k=()
		[[ $kex != default ]] && k=(-o "KexAlgorithms=$kex")
		: >"$tmp/ssh.ms"
		for _ in $(seq "$RUNS"); do
			local t0 t1
			t0=$(now_ns)
			ssh "${opts[@]}" "${k[@]}" "$BENCH_USER@127.0.0.1" true
			t1=$(now_ns)
			awk -v d="$((t1 - t0))" 'BEGIN {printf "%.1f\n", d/1e6}' >>"$tmp/ssh.ms"
		done
		local m
		m=$(median <"$tmp/ssh.ms")
		[[ -z $ssh_ms ]] && ssh_ms=$m
		ssh_all+=("$kex=$m")
		printf 'OpenSSH connect + exec true (kex %s): median %s ms over %s runs (min %s, max %s)\n' \
			"$kex" "$m" "$RUNS" "$(sort -n "$tmp/ssh.ms" | head -1)" "$(sort -n "$tmp/ssh.ms" | tail -1)"
	done
}

# ---------------------------------------------------------------- xietong
xietong_first_frame() {
	go build -o "$tmp/xietong" ./cmd/xietong
	"$tmp/xietong" serve --demo --addr "127.0.0.1:$XT_PORT" --data "$tmp/xtdata" \
		--account-terminals 0 >"$tmp/serve.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 50); do
		grep -q listening "$tmp/serve.log" && break
		sleep 0.1
	done
	# One session at a time, RUNS of them; no keystroke phase to speak of.
	"$tmp/xietong" loadtest --addr "127.0.0.1:$XT_PORT" --sessions "$RUNS" --concurrency 1 \
		--duration 1ms --stats-login "" --json >"$tmp/ff.json" 2>"$tmp/ff.log"
	xt_ms=$(go run ./bench/loadreport -frame-p50 "$tmp/ff.json")
	echo "xietong connect → first frame:  median $xt_ms ms over $RUNS sessions (one at a time)"
}

# ---------------------------------------------------------------- bbolt
bolt_baseline() {
	echo
	echo "bbolt group commit vs xietong writes (50 writers, 300-byte values, fsync on; -benchtime $BENCHTIME):"
	go test ./store -run '^$' -bench 'RawBoltBatch|RawBoltUpdate|StoreWrites' -benchtime "$BENCHTIME" \
		| tee "$tmp/bench.txt" | grep -E '^Benchmark' || true
	local raw1 raw10 same upd store
	rate() { awk -v n="$1" '$1 ~ n { for (i = 1; i <= NF; i++) if ($(i+1) == "writes/s") print $i }' "$tmp/bench.txt"; }
	raw1=$(rate 'RawBoltBatch/delay=1ms')
	raw10=$(rate 'RawBoltBatch/delay=10ms')
	same=$(rate 'RawBoltBatchSameBytes')
	upd=$(rate 'RawBoltUpdate')
	store=$(rate 'StoreWrites')
	printf '  raw bbolt Batch, 1 ms delay:    %8.0f writes/s\n' "$raw1"
	printf '  raw bbolt Batch, 10 ms delay:   %8.0f writes/s\n' "$raw10"
	printf '  raw bbolt Batch, 1 ms, the bytes of one xietong post: %8.0f writes/s\n' "$same"
	printf '  raw bbolt Update (no batching): %8.0f writes/s\n' "$upd"
	printf '  xietong PostNotice + audit:     %8.0f writes/s\n' "$store"
	awk -v s="$store" -v a="$raw1" -v b="$raw10" -v c="$same" 'BEGIN {
		printf "  ratio xietong / raw (1 ms):  %.3f   (target >= 0.7)\n", s / a
		printf "  ratio xietong / raw (10 ms): %.3f   (target >= 0.7)\n", s / b
		printf "  ratio xietong / raw writing the same bytes (1 ms): %.3f\n", s / c }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(go version | cut -d' ' -f3)"
if [[ -z ${SKIP_SSH:-} ]]; then
	openssh_baseline
	xietong_first_frame
	if [[ -n $ssh_ms && -n $xt_ms ]]; then
		for e in "${ssh_all[@]}"; do
			awk -v x="$xt_ms" -v s="${e#*=}" -v k="${e%%=*}" \
				'BEGIN { printf "ratio xietong first frame / OpenSSH connect+exec (kex %s): %.2f   (target <= 0.15)\n", k, x / s }'
		done
	fi
fi
if [[ -z ${SKIP_BOLT:-} ]]; then
	bolt_baseline
fi
