#!/usr/bin/env bash
# The whole test suite: unit tests and the integration tests against the real Docker engine,
# docker-compose, PostgreSQL and gpg that the test bed provides. This is what CI runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/testbed.sh docker smb nfs scheduler
samples/acd-demo/build-images.sh 1.0.0 1.0.1
export TESTCONTAINERS_RYUK_DISABLED=true
# The jars first: integration tests run the real launchers' jars as processes (e.g. ferry.jar from
# tui/, which the reactor would only package after the installer's tests).
mvn -B -ntp -q -Dmaven.test.skip=true package
exec mvn -B -ntp verify
