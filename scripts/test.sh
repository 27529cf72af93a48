#!/usr/bin/env bash
# The whole test suite: unit tests and the integration tests against the real Docker engine,
# docker-compose, PostgreSQL and gpg that the test bed provides. This is what CI runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/testbed.sh
samples/acd-demo/build-images.sh 1.0.0 1.0.1
export TESTCONTAINERS_RYUK_DISABLED=true
exec mvn -B -ntp verify
