#!/usr/bin/env bash
# Runs the whole system on this machine, no Docker: builds what it needs, starts PostgreSQL, Kafka, Kafka Connect
# with Debezium, the three services and a transaction generator, and prints the dashboard URL. Ctrl-C stops it all.
#   ./run-local.sh            resume with the data of the last run (data/ by default)
#   ./run-local.sh --fresh    start from an empty database and empty topics
set -euo pipefail
cd "$(dirname "$0")"
. bin/use-jdk21

echo "Building (first run downloads dependencies from Maven Central; later runs take about a minute)..."
./mvnw -q -DskipTests package

export FRAUD_HOME="$PWD"
jvm_opts=(-Xmx1g)
# JDK 24+ warns at every start that Kafka and Netty use sun.misc.Unsafe; allow it quietly where the flag exists.
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  jvm_opts+=(--sun-misc-unsafe-memory-access=allow)
fi
exec "$JAVA_HOME/bin/java" "${jvm_opts[@]}" \
  -cp "local-stack/target/classes:$(cat local-stack/target/stack-classpath.txt)" \
  dev.frauddetection.localstack.Launcher "$@"
