#!/usr/bin/env bash
# Native local stack for fivesoc development and tests: Kafka (KRaft, one node)
# and a MongoDB-wire server (mongod if installed, otherwise FerretDB/SQLite).
#
# No Docker: Kafka's jars come from Maven Central and FerretDB is built from the
# Go module proxy, both into a per-user tool cache outside the clone. Runtime
# state (data, logs, pid files) lives in the stack dir, git-ignored.
#
# Usage: infra/stack.sh install|up|down|status|logs [kafka|mongo] [-f]|reset|env
# See infra/README.md for the variables and the traps handled here.
set -euo pipefail

# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)

readonly KAFKA_VERSION=3.9.2
readonly SCALA_BINARY=2.13
readonly FERRETDB_VERSION=v1.24.2
readonly FERRETDB_MODULE=github.com/FerretDB/FerretDB
# Kafka 3.9's own distribution ships these logging versions.
readonly RELOAD4J_VERSION=1.2.25
readonly SLF4J_VERSION=1.7.36
# Pinned so Maven does not resolve "latest" plugin metadata on every cold run.
readonly MVN_DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

readonly HOST=127.0.0.1
KAFKA_PORT=${FIVESOC_KAFKA_PORT:-29092}
KAFKA_CONTROLLER_PORT=${FIVESOC_KAFKA_CONTROLLER_PORT:-29093}
MONGO_PORT=${FIVESOC_MONGO_PORT:-27117}
KAFKA_HEAP_OPTS=${FIVESOC_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
MONGO_IMPL=${FIVESOC_MONGO_IMPL:-auto} # auto | mongod | ferretdb
READY_TIMEOUT=${FIVESOC_READY_TIMEOUT:-120}
STOP_TIMEOUT=${FIVESOC_STOP_TIMEOUT:-30}

CACHE_DIR=${FIVESOC_CACHE:-$HOME/.cache/fivesoc}
STACK_DIR=${FIVESOC_STACK_DIR:-$REPO_ROOT/.stack}

KAFKA_HOME=$CACHE_DIR/kafka-$KAFKA_VERSION
# The suffix names our one-line patch (below): a cache built without it is not reused.
FERRETDB_BIN=$CACHE_DIR/ferretdb-$FERRETDB_VERSION-idpatch1/bin/ferretdb

DATA_DIR=$STACK_DIR/data
LOG_DIR=$STACK_DIR/logs
PID_DIR=$STACK_DIR/pids
CONF_DIR=$STACK_DIR/conf

# A fixed, valid KRaft cluster id (base64url of 16 bytes "fivesoc-dev-node"):
# the storage is formatted once per data dir, so a constant is all we need.
readonly KAFKA_CLUSTER_ID=Zml2ZXNvYy1kZXYtbm9kZQ

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

log() { printf 'stack: %s\n' "$*" >&2; }
die() {
  printf 'stack: error: %s\n' "$*" >&2
  exit 1
}

# Temp dirs created by install steps; removed on any exit so an interrupted
# fetch/build leaves nothing that looks finished.
TMP_DIRS=()
cleanup() {
  local d
  for d in "${TMP_DIRS[@]+"${TMP_DIRS[@]}"}"; do
    [[ -n $d && -d $d ]] && rm -rf -- "$d"
  done
  return 0
}
trap cleanup EXIT
# Turn INT/TERM into a normal exit so the EXIT trap still cleans up.
trap 'exit 130' INT
trap 'exit 143' TERM

# Sets TMP_DIR (not printed: a $(...) subshell would lose the registration).
make_tmp_dir() { # <parent> <prefix>
  mkdir -p -- "$1"
  TMP_DIR=$(mktemp -d "$1/.$2.tmp.XXXXXX")
  TMP_DIRS+=("$TMP_DIR")
}

# Publish a finished artefact dir in one rename. mv -T refuses to nest into an
# existing dir, so if a concurrent run won the race we just drop our copy.
publish_dir() { # <staged dir> <final dir>
  if ! mv -T -- "$1" "$2" 2>/dev/null; then
    [[ -d $2 ]] || die "could not move $1 to $2"
    log "$2 appeared meanwhile (concurrent install?); keeping it"
  fi
}

require_cmd() { # <cmd> <how to install>
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH. $2"
}

require_java() {
  require_cmd java "Install a JDK 17 (Debian: apt-get install -y openjdk-17-jdk-headless)."
  local spec
  spec=$(java -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = //p')
  [[ ${spec%%.*} =~ ^[0-9]+$ && ${spec%%.*} -ge 11 ]] ||
    die "Kafka $KAFKA_VERSION needs Java 11+ (17 recommended); found '${spec:-unknown}'."
}

# Go 1.21+ fetches the newer toolchain FerretDB's go.mod asks for (go 1.24) by
# itself through the module proxy; older Go would just fail to parse go.mod.
require_go() {
  local how="Install Go 1.21+ (https://go.dev/doc/install); it fetches the Go toolchain FerretDB's go.mod asks for through the module proxy."
  require_cmd go "$how"
  local v
  v=$(go env GOVERSION 2>/dev/null || true)
  [[ $v =~ ^go1\.([0-9]+) && ${BASH_REMATCH[1]} -ge 21 ]] || die "found Go '${v:-unknown}'. $how"
}

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() {
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

tail_file() { # <file> [lines]
  if [[ -f $1 ]]; then
    printf -- '----- tail of %s -----\n' "$1" >&2
    tail -n "${2:-40}" -- "$1" >&2
  fi
}

# ---------------------------------------------------------------------------
# Mongo implementation choice
# ---------------------------------------------------------------------------

mongo_impl() {
  case $MONGO_IMPL in
  auto) if command -v mongod >/dev/null 2>&1; then echo mongod; else echo ferretdb; fi ;;
  mongod | ferretdb) echo "$MONGO_IMPL" ;;
  *) die "FIVESOC_MONGO_IMPL must be auto, mongod or ferretdb (got '$MONGO_IMPL')" ;;
  esac
}

# ---------------------------------------------------------------------------
# Install: Kafka jars from Maven Central
# ---------------------------------------------------------------------------

kafka_installed() { [[ -f $KAFKA_HOME/libs/kafka_${SCALA_BINARY}-${KAFKA_VERSION}.jar ]]; }

install_kafka() {
  if kafka_installed; then
    log "kafka $KAFKA_VERSION: cached in $KAFKA_HOME"
    return
  fi
  require_java
  require_cmd mvn "Install Apache Maven 3.6.3+ (Debian: apt-get install -y maven)."
  log "kafka $KAFKA_VERSION: fetching broker jars from Maven Central into $KAFKA_HOME"

  local tmp
  make_tmp_dir "$CACHE_DIR" "kafka-$KAFKA_VERSION"
  tmp=$TMP_DIR
  # The kafka_2.13 POM declares reload4j compile-only, so a plain resolve gives
  # a broker with no logging backend: add reload4j + the slf4j binding here.
  # kafka-tools brings the topic/console/quorum CLIs (org.apache.kafka.tools.*).
  cat >"$tmp/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by infra/stack.sh: the runtime classpath of a single Kafka node. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.fivesoc</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_$SCALA_BINARY</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <dependency>
      <groupId>ch.qos.reload4j</groupId>
      <artifactId>reload4j</artifactId>
      <version>$RELOAD4J_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>$SLF4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  if ! mvn -B -q -f "$tmp/pom.xml" "$MVN_DEP_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$tmp/libs" >"$tmp/mvn.log" 2>&1; then
    tail_file "$tmp/mvn.log" 60
    die "maven could not fetch the Kafka jars (see above)"
  fi
  [[ -f $tmp/libs/kafka_${SCALA_BINARY}-${KAFKA_VERSION}.jar ]] ||
    die "maven finished but kafka_${SCALA_BINARY}-${KAFKA_VERSION}.jar is missing"
  rm -f -- "$tmp/mvn.log"
  chmod 755 -- "$tmp" # mktemp -d made it 0700
  publish_dir "$tmp" "$KAFKA_HOME"
  log "kafka $KAFKA_VERSION: $(find "$KAFKA_HOME/libs" -name '*.jar' | wc -l) jars installed"
}

# ---------------------------------------------------------------------------
# Install: FerretDB built from the Go module proxy
# ---------------------------------------------------------------------------

install_ferretdb() {
  if [[ -x $FERRETDB_BIN ]]; then
    log "ferretdb $FERRETDB_VERSION: cached at $FERRETDB_BIN"
    return
  fi
  require_go
  log "ferretdb $FERRETDB_VERSION: building from the Go module proxy (a few minutes on a cold cache)"

  local tmp moddir
  make_tmp_dir "$CACHE_DIR" "ferretdb-$FERRETDB_VERSION"
  tmp=$TMP_DIR
  # Run outside any module so a go.mod in the caller's cwd cannot interfere.
  moddir=$(cd "$tmp" && go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [[ -n $moddir && -d $moddir ]] || die "go mod download of $FERRETDB_MODULE@$FERRETDB_VERSION gave no source dir"

  # The module cache is read-only, and FerretDB 1.x embeds build/version/*.txt:
  # without version.txt (generated by its own task runner, absent from the
  # module zip) the binary panics at start (FerretDB issue #2982). So build
  # from a writable copy with that file written in.
  cp -R -- "$moddir" "$tmp/src"
  chmod -R u+w -- "$tmp/src"
  printf '%s\n' "$FERRETDB_VERSION" >"$tmp/src/build/version/version.txt"

  # FerretDB 1.x's SQLite backend looks documents up by `_ferretdb_sjson->'$._id'`
  # but indexes `_id` as `_ferretdb_sjson->"_id"`; SQLite only uses an index for
  # the identical expression, so every lookup by _id (and every update and
  # delete by _id) scanned the whole table: O(n) per operation. Writing the
  # lookup the way the index is written makes them index lookups. Same results,
  # same semantics; only the query plan changes. Checked by grep so a future
  # version without that line fails loudly instead of silently staying slow.
  local meta="$tmp/src/internal/backends/sqlite/metadata/metadata.go"
  sed -i "s|IDColumn = DefaultColumn + \"->'\\\$._id'\"|IDColumn = DefaultColumn + \`->\"_id\"\`|" "$meta"
  grep -q 'IDColumn = DefaultColumn + `->"_id"`' "$meta" ||
    die "could not apply the _id index patch to FerretDB $FERRETDB_VERSION ($meta)"

  mkdir -p -- "$tmp/out/bin"
  # CGO off: the SQLite backend is pure Go (modernc.org/sqlite), so no C
  # toolchain is needed. -buildvcs=false: the copy is not a git checkout, and
  # a stray VCS stamp would trip FerretDB's commit.txt consistency check.
  if ! (cd "$tmp/src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false \
    -o "$tmp/out/bin/ferretdb" ./cmd/ferretdb) >"$tmp/build.log" 2>&1; then
    tail_file "$tmp/build.log" 60
    die "go build of FerretDB failed (see above)"
  fi
  "$tmp/out/bin/ferretdb" --version >/dev/null 2>&1 ||
    die "the freshly built FerretDB does not run (--version failed)"
  publish_dir "$tmp/out" "$(dirname -- "$(dirname -- "$FERRETDB_BIN")")"
  log "ferretdb $FERRETDB_VERSION: installed at $FERRETDB_BIN"
}

cmd_install() {
  mkdir -p -- "$CACHE_DIR"
  install_kafka
  if [[ $(mongo_impl) == ferretdb ]]; then
    install_ferretdb
  else
    log "mongod found on PATH ($(command -v mongod)); FerretDB not needed"
  fi
}

# ---------------------------------------------------------------------------
# Process bookkeeping
# ---------------------------------------------------------------------------

pid_file() { printf '%s/%s.pid\n' "$PID_DIR" "$1"; }

# Pattern the process command line must match, so a recycled pid that now
# belongs to something else is never mistaken for (or killed as) our server.
cmdline_pattern() {
  case $1 in
  kafka) echo 'kafka\.Kafka' ;;
  mongo) echo 'ferretdb|mongod' ;;
  esac
}

# Prints the live pid of <service> started by `up`, or nothing.
live_pid() {
  local f pid
  f=$(pid_file "$1")
  [[ -f $f ]] || return 0
  pid=$(<"$f")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -Eq "$(cmdline_pattern "$1")"; then
    echo "$pid"
  fi
}

clean_stale_pid() {
  local f
  f=$(pid_file "$1")
  if [[ -f $f && -z $(live_pid "$1") ]]; then
    log "$1: removing stale pid file (pid $(<"$f") is gone)"
    rm -f -- "$f"
  fi
}

# Start a server in its own session (setsid) with no terminal and all std fds
# redirected, so it outlives the shell that ran `up` and never holds its pipes.
# From a non-interactive script the background child is not a process-group
# leader, so setsid execs in place and $! is the server's own pid.
start_detached() { # <service> <stdout log> <cmd...>
  local service=$1 out=$2 pid f
  shift 2
  setsid "$@" </dev/null >>"$out" 2>&1 9>&- &
  pid=$!
  f=$(pid_file "$service")
  printf '%s\n' "$pid" >"$f.tmp"
  mv -f -- "$f.tmp" "$f"
  log "$service: started, pid $pid"
}

ensure_port_free() { # <service> <port> <variable to change>
  if port_open "$2"; then
    die "$1: port $HOST:$2 is already in use by a process this script did not start; stop it or set $3"
  fi
}

# ---------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------

write_kafka_config() {
  mkdir -p -- "$CONF_DIR" "$DATA_DIR/kafka" "$LOG_DIR"
  # Regenerated on every `up` so port/dir overrides take effect; the storage
  # format (meta.properties) does not depend on any of these for a static quorum.
  cat >"$CONF_DIR/kafka-server.properties" <<EOF
# Generated by infra/stack.sh -- edits are overwritten on the next 'up'.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR/kafka
# Single node: every internal topic must make do with one replica.
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Tests should not wait 3 s for the first consumer group rebalance.
group.initial.rebalance.delay.ms=0
# An idle single-node controller wrote a no-op metadata record every 500 ms (the default), each one
# appended to the metadata log and fetched by the broker: a busy loop for a system with nothing to do.
# One node has no follower to keep up with; every 10 s is enough (docs/benchmarks.md, Idle).
metadata.max.idle.interval.ms=10000
auto.create.topics.enable=true
delete.topic.enable=true
EOF
  # The broker logs through slf4j -> reload4j (log4j 1.x API); log to a file.
  cat >"$CONF_DIR/kafka-log4j.properties" <<'EOF'
# Generated by infra/stack.sh.
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${kafka.logs.dir}/kafka.log
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=3
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
EOF
  # CLI tools (format, readiness check, console tools) only report warnings.
  cat >"$CONF_DIR/kafka-tools-log4j.properties" <<'EOF'
# Generated by infra/stack.sh.
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

# Java command line for Kafka's CLI classes on the cached classpath (an array,
# so it also works under `timeout`). Client-style JIT flags: tools are short-lived.
kafka_tool_cmd() {
  KAFKA_TOOL=(java -Xmx256m -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$CONF_DIR/kafka-tools-log4j.properties"
    -cp "$KAFKA_HOME/libs/*")
}

format_kafka_storage() {
  [[ -f $DATA_DIR/kafka/meta.properties ]] && return
  log "kafka: formatting KRaft storage in $DATA_DIR/kafka (cluster id $KAFKA_CLUSTER_ID)"
  kafka_tool_cmd
  "${KAFKA_TOOL[@]}" kafka.tools.StorageTool format --ignore-formatted \
    -t "$KAFKA_CLUSTER_ID" -c "$CONF_DIR/kafka-server.properties" >/dev/null
}

start_kafka() {
  clean_stale_pid kafka
  if [[ -n $(live_pid kafka) ]]; then
    log "kafka: already running (pid $(live_pid kafka)); reusing"
    return
  fi
  ensure_port_free kafka "$KAFKA_PORT" FIVESOC_KAFKA_PORT
  ensure_port_free kafka-controller "$KAFKA_CONTROLLER_PORT" FIVESOC_KAFKA_CONTROLLER_PORT
  write_kafka_config
  format_kafka_storage
  local heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  start_detached kafka "$LOG_DIR/kafka.stdout" \
    java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOG_DIR" \
    -Dlog4j.configuration="file:$CONF_DIR/kafka-log4j.properties" \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$CONF_DIR/kafka-server.properties"
}

# Ready = the broker answers a real ApiVersions request on its client listener
# (the port can be bound before the broker has caught up with its metadata).
kafka_ready() {
  port_open "$KAFKA_PORT" || return 1
  local out
  kafka_tool_cmd
  out=$(timeout 30 "${KAFKA_TOOL[@]}" kafka.admin.BrokerApiVersionsCommand \
    --bootstrap-server "$HOST:$KAFKA_PORT" 2>/dev/null) || return 1
  [[ $out == *"$HOST:$KAFKA_PORT ("* ]]
}

# ---------------------------------------------------------------------------
# MongoDB wire server
# ---------------------------------------------------------------------------

start_mongo() {
  clean_stale_pid mongo
  if [[ -n $(live_pid mongo) ]]; then
    log "mongo: already running (pid $(live_pid mongo)); reusing"
    return
  fi
  ensure_port_free mongo "$MONGO_PORT" FIVESOC_MONGO_PORT
  mkdir -p -- "$LOG_DIR"
  case $(mongo_impl) in
  mongod)
    mkdir -p -- "$DATA_DIR/mongod"
    start_detached mongo "$LOG_DIR/mongo.stdout" \
      mongod --bind_ip "$HOST" --port "$MONGO_PORT" --dbpath "$DATA_DIR/mongod" \
      --logpath "$LOG_DIR/mongo.log" --logappend
    ;;
  ferretdb)
    mkdir -p -- "$DATA_DIR/ferretdb/sqlite" "$DATA_DIR/ferretdb/state"
    # Debug HTTP listener off ("-"): its default 127.0.0.1:8088 collides too
    # easily. Telemetry off: dev/test traffic has no business phoning home.
    # synchronous(normal) in WAL mode: a commit survives a crash of any process,
    # though not a power cut; it drops the fsync per write that made every
    # insert cost milliseconds. A dev/test server, not production storage.
    start_detached mongo "$LOG_DIR/mongo.log" \
      "$FERRETDB_BIN" --handler=sqlite \
      --sqlite-url="file:$DATA_DIR/ferretdb/sqlite/?_pragma=synchronous(normal)" \
      --state-dir="$DATA_DIR/ferretdb/state" \
      --listen-addr="$HOST:$MONGO_PORT" \
      --debug-addr=- --telemetry=disable --log-level=info
    ;;
  esac
}

# Ready = a real OP_MSG {ping: 1} over the wire returns ok: 1. Python's stdlib
# is enough to speak that much of the protocol; no driver or mongosh needed.
mongo_ready() {
  port_open "$MONGO_PORT" || return 1
  python3 - "$HOST" "$MONGO_PORT" <<'PY' 2>/dev/null
import socket, struct, sys

def bson(pairs):
    body = b""
    for key, value in pairs:
        k = key.encode() + b"\0"
        if isinstance(value, int):
            body += b"\x10" + k + struct.pack("<i", value)
        else:
            s = value.encode() + b"\0"
            body += b"\x02" + k + struct.pack("<i", len(s)) + s
    return struct.pack("<i", len(body) + 5) + body + b"\0"

def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf

msg = struct.pack("<I", 0) + b"\0" + bson([("ping", 1), ("$db", "admin")])
header = struct.pack("<iiii", 16 + len(msg), 1, 0, 2013)  # 2013 = OP_MSG
with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5) as s:
    s.sendall(header + msg)
    length, _, _, opcode = struct.unpack("<iiii", recv_exact(s, 16))
    reply = recv_exact(s, length - 16)
if opcode != 2013:
    sys.exit(1)
doc = reply[5:]  # skip flagBits and the section kind byte
# 'ok' comes back as a double (mongod, FerretDB) or, rarely, an int32.
ok = (b"\x01ok\x00" + struct.pack("<d", 1.0) in doc) or (b"\x10ok\x00" + struct.pack("<i", 1) in doc)
sys.exit(0 if ok else 1)
PY
}

# ---------------------------------------------------------------------------
# Readiness and shutdown
# ---------------------------------------------------------------------------

wait_ready() { # <service> <check function> <address> <log files...>
  local service=$1 check=$2 addr=$3 deadline f
  shift 3
  deadline=$((SECONDS + READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    if [[ -z $(live_pid "$service") ]]; then
      for f in "$@"; do tail_file "$f"; done
      die "$service exited during startup (logs above)"
    fi
    if "$check"; then
      log "$service: ready on $addr"
      return
    fi
    sleep 1
  done
  for f in "$@"; do tail_file "$f"; done
  die "$service not ready on $addr after ${READY_TIMEOUT}s (logs above; still running, 'down' stops it)"
}

stop_service() { # <service>
  local pid f
  f=$(pid_file "$1")
  pid=$(live_pid "$1")
  if [[ -z $pid ]]; then
    [[ -f $f ]] && rm -f -- "$f"
    log "$1: not running"
    return
  fi
  log "$1: stopping pid $pid (SIGTERM, up to ${STOP_TIMEOUT}s)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$1: still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f -- "$f"
  log "$1: stopped"
}

# ---------------------------------------------------------------------------
# Subcommands
# ---------------------------------------------------------------------------

# Serialise state-changing commands on one stack dir (e.g. parallel CI steps
# that each call `up`). fd 9 is closed for the servers (see start_detached),
# so a running server never holds the lock.
take_lock() {
  mkdir -p -- "$STACK_DIR"
  exec 9>"$STACK_DIR/.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 600 9 || die "timed out waiting for another infra/stack.sh on $STACK_DIR"
  fi
}

cmd_up() {
  local t0=$SECONDS
  require_java
  require_cmd python3 "python3 (stdlib only) is used for the Mongo-wire readiness ping; apt-get install -y python3."
  if [[ $(mongo_impl) == mongod ]]; then
    require_cmd mongod "FIVESOC_MONGO_IMPL=mongod needs mongod on PATH."
  fi
  cmd_install
  mkdir -p -- "$DATA_DIR" "$LOG_DIR" "$PID_DIR" "$CONF_DIR"
  # Start both first, then wait: their startups overlap.
  start_kafka
  start_mongo
  wait_ready kafka kafka_ready "$HOST:$KAFKA_PORT" "$LOG_DIR/kafka.log" "$LOG_DIR/kafka.stdout"
  wait_ready mongo mongo_ready "$HOST:$MONGO_PORT" "$LOG_DIR/mongo.log" "$LOG_DIR/mongo.stdout"
  log "stack up in $((SECONDS - t0))s; state in $STACK_DIR"
  cmd_env
}

cmd_down() {
  # Independent servers: stop them in parallel to halve the wait.
  stop_service kafka &
  local kafka_job=$!
  stop_service mongo
  wait "$kafka_job"
}

cmd_status() {
  local all=0 service port pid state
  for service in kafka mongo; do
    if [[ $service == kafka ]]; then port=$KAFKA_PORT; else port=$MONGO_PORT; fi
    pid=$(live_pid "$service")
    if [[ -z $pid ]]; then
      state=stopped
      all=1
    elif port_open "$port"; then
      state=running
    else
      state=starting # alive but not accepting connections (yet)
      all=1
    fi
    local label=$service
    [[ $service == mongo ]] && label="mongo($(mongo_impl))"
    printf '%-16s %-9s pid=%-8s %s:%s\n' "$label" "$state" "${pid:--}" "$HOST" "$port"
  done
  return "$all"
}

cmd_logs() {
  local which=all follow=()
  local arg
  for arg in "$@"; do
    case $arg in
    kafka | mongo) which=$arg ;;
    -f | --follow) follow=(-F) ;;
    *) die "usage: $0 logs [kafka|mongo] [-f]" ;;
    esac
  done
  local files=()
  [[ $which == all || $which == kafka ]] && files+=("$LOG_DIR/kafka.log")
  [[ $which == all || $which == mongo ]] && files+=("$LOG_DIR/mongo.log")
  tail -n "${FIVESOC_LOG_LINES:-100}" "${follow[@]+"${follow[@]}"}" -- "${files[@]}"
}

cmd_reset() {
  cmd_down
  # Guard the rm: DATA_DIR must be the data/ dir inside a non-empty STACK_DIR.
  [[ -n $STACK_DIR && $DATA_DIR == "$STACK_DIR/data" ]] || die "refusing to wipe '$DATA_DIR'"
  rm -rf -- "$DATA_DIR"
  log "wiped $DATA_DIR"
}

cmd_env() {
  printf 'export KAFKA_BROKERS=%s:%s\n' "$HOST" "$KAFKA_PORT"
  printf 'export MONGODB_URL=mongodb://%s:%s\n' "$HOST" "$MONGO_PORT"
}

usage() {
  cat <<EOF
usage: infra/stack.sh <command>

  install          fetch Kafka jars / build FerretDB into the cache ($CACHE_DIR)
  up               install if needed, start Kafka + Mongo-wire server, wait until ready
  down             stop what 'up' started (SIGTERM, then SIGKILL after ${STOP_TIMEOUT}s)
  status           one line per server; exit 1 unless all are running
  logs [kafka|mongo] [-f]
                   tail the server logs
  reset            down, then wipe the data dir ($DATA_DIR)
  env              print exports; use: eval "\$(infra/stack.sh env)"
EOF
}

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case $cmd in
  install) cmd_install ;;
  up)
    take_lock
    cmd_up
    ;;
  down)
    take_lock
    cmd_down
    ;;
  status) cmd_status ;;
  logs) cmd_logs "$@" ;;
  reset)
    take_lock
    cmd_reset
    ;;
  env) cmd_env ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
  esac
}

main "$@"
