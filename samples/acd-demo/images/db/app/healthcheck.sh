#!/bin/sh
# Healthy when the server (not the temporary one of the first start) accepts connections.
exec pg_isready -q -U acd -d acd -t 4
