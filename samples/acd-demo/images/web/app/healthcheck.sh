#!/bin/sh
# Healthy when the health page answers 200 over plain HTTP inside the container.
# (No `wget -T`: Debian's busybox 1.35 wget segfaults with it; coreutils timeout instead.)
exec timeout 4 busybox wget -q -O /dev/null http://127.0.0.1:8080/health
