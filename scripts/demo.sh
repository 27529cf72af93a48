#!/usr/bin/env bash
# The main job, end to end on this machine: build the sample stack's images (offline), bundle
# them into one signed file, verify it as a customer would, deploy it, and show the running page.
# Safe to run again: every step is idempotent (a second deploy says "nothing to do").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "test bed: Docker engine and tools"
scripts/testbed.sh

step "sample images (built offline; fast when they exist)"
samples/acd-demo/build-images.sh 1.0.0

# A demo key with a demo passphrase; a real release key's passphrase lives in the CI's secrets.
export FERRY_KEY_PASSPHRASE=${FERRY_KEY_PASSPHRASE:-ferry-demo-passphrase}
if [ ! -f keys/release.sec.asc ]; then
  step "release signing key"
  ./ferry-bundler keygen --name release --out keys/
fi

step "bundle: ferry-bundler build"
./ferry-bundler build --stack samples/acd-demo --release 1.0.0 \
  --sign-key keys/release.sec.asc --out dist/acd-demo-1.0.0.ferry

step "verify as the customer would: ferry verify"
./ferry verify dist/acd-demo-1.0.0.ferry --trust keys/release.pub.asc

step "deploy on this host: ferry deploy"
./ferry deploy dist/acd-demo-1.0.0.ferry --trust keys/release.pub.asc --yes

step "the running stack answers (rows read from its PostgreSQL database)"
curl -sfk --resolve acd.example.local:8443:127.0.0.1 https://acd.example.local:8443/ \
  | sed -e 's/<[^>]*>/ /g' | tr -s ' \t' ' ' | grep -E 'Release|Billing|Sales|Support|Overflow' | head -n 6
