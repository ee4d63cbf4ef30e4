#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the spark module's Maven jars (nothing downloaded):
#   spark/standalone.sh start [CORES]   master + one worker on 127.0.0.1; prints the master URL
#   spark/standalone.sh submit ARGS...  spark-submit nndl-spark.jar ARGS (e.g. search --engine spark --master URL ...)
#   spark/standalone.sh stop            stops the worker and the master by their process ids
# Build the jars first: mvn -q -B -DskipTests package -pl spark -am
# State (SPARK_HOME, logs, pids) is kept in $NNDL_SPARK_DIR (default /tmp/nndl-spark).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lib="$home/spark/target/lib"
dir="${NNDL_SPARK_DIR:-/tmp/nndl-spark}"
port="${NNDL_SPARK_PORT:-7077}"
if [ ! -d "$lib" ] || [ ! -f "$home/spark/target/nndl-spark.jar" ]; then
  echo "standalone.sh: the spark module is not built: run 'mvn -q -B -DskipTests package -pl spark -am' in $home" >&2
  exit 2
fi

# A SPARK_HOME the worker accepts: an empty RELEASE file and jars/ (links to the Maven jars).
spark_home() {
  mkdir -p "$dir/spark-home/jars" "$dir/work"
  touch "$dir/spark-home/RELEASE"
  ln -sf "$lib"/*.jar "$dir/spark-home/jars/"
}

# Runs a Spark class as bin/spark-class does: Spark's launcher library prints the java command
# (class path, and the --add-opens and vector module a JVM running Spark needs on Java 17).
spark_class() {
  local cmd=() arg
  # (it may print lines of its own first, ended by a NUL, then the command NUL-separated)
  while IFS= read -d '' -r arg; do
    [ ${#cmd[@]} = 0 ] && arg="${arg##*$'\n'}"   # the launcher's own lines end with a newline before the command
    [ ${#cmd[@]} = 0 ] && [ -z "$arg" ] || cmd+=("$arg")
  done < <(SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 \
    java -cp "$dir/spark-home/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
  local status=${cmd[${#cmd[@]}-1]}
  [ "$status" = 0 ] || { echo "standalone.sh: Spark's launcher failed ($status)" >&2; exit 1; }
  unset 'cmd[${#cmd[@]}-1]'
  SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 exec "${cmd[@]}"
}

wait_for_port() {
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "standalone.sh: nothing listens on 127.0.0.1:$1 after 60 s; see $dir/*.log" >&2
  return 1
}

case "${1:-}" in
  start)
    cores="${2:-$(nproc)}"
    spark_home
    (spark_class org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
      >"$dir/master.log" 2>&1 & echo $! >"$dir/master.pid")
    wait_for_port "$port"
    (spark_class org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$port" --host 127.0.0.1 --webui-port 0 \
      --cores "$cores" --memory 4g --work-dir "$dir/work" >"$dir/worker.log" 2>&1 & echo $! >"$dir/worker.pid")
    echo "spark://127.0.0.1:$port (master pid $(cat "$dir/master.pid"), worker pid $(cat "$dir/worker.pid"), $cores cores; logs in $dir)"
    ;;
  submit)
    shift
    spark_home
    spark_class org.apache.spark.deploy.SparkSubmit --class nndl.cli.Main "$home/spark/target/nndl-spark.jar" "$@"
    ;;
  stop)
    for role in worker master; do
      if [ -f "$dir/$role.pid" ]; then
        pid="$(cat "$dir/$role.pid")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/$role.pid"
        echo "stopped the $role ($pid)"
      fi
    done
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
